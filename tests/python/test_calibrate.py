"""Calibration from Python, on synthetic data with a known answer.

The lexicon is built here: a vocabulary of made-up words whose prior
weights are partly wrong, statements drawn from it, and ratings from the
true weights. The built-in lexicon's weights change; no test relies on them.
"""

import math
import random

import numpy as np
import pytest

import stancekit
from stancekit import AxisReport, Calibration, Lexicon

SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ru", "si", "to"]
WORDS = [f"{a}{b}z" for b in SYLLABLES[:3] for a in SYLLABLES]  # 24 words
TRUTH = [(0.5 + 2.0 * ((i * 7) % 11) / 10.0) * (1 if i % 2 == 0 else -1) for i in range(len(WORDS))]
FLIPPED = [0, 1, 2, 3]


def lexicon(threat, version="1.0.0"):
    entries = {word: {"threat": w} for word, w in zip(WORDS, threat)}
    for i in range(0, len(WORDS), 3):
        entries[WORDS[i]]["blame"] = 1.0 + i / 10
    entries["neverseen"] = {"threat": 1.7, "blame": -0.4}
    return Lexicon.from_dict(
        {
            "lexicon": {"name": "synthetic", "version": version},
            "axes": [{"id": "threat"}, {"id": "blame"}],
            "entries": {"words": entries},
            "modifiers": {"negators": {"not": {"scope": 2, "factor": -0.75}}},
        }
    )


def prior():
    weights = list(TRUTH)
    for i in FLIPPED:
        weights[i] = -weights[i]
    weights[4] *= 3.0
    weights[5] *= 0.3
    return lexicon(weights)


def statements(n, seed=42):
    """Statements of 2 to 5 words, some negated; ratings from the true weights, squashed, plus noise."""
    rng = random.Random(seed)
    truth = stancekit.Scorer(lexicon(TRUTH))
    texts, ratings = [], []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 1 / 6:
                words.append("not")
            words += [rng.choice(WORDS), rng.choice(["the", "and", "of"])]
        text = " ".join(words) + "."
        raw = truth.score(text).as_dict()["threat_raw"]
        ratings.append(2 * raw / math.sqrt(raw * raw + 4) + rng.gauss(0, 0.1))
        texts.append(text)
    return texts, ratings


def weights(lex):
    return {term: w for group in lex.to_dict()["entries"].values() for term, w in group.items()}


def test_calibration_recovers_the_true_signs():
    texts, ratings = statements(400)
    result = stancekit.calibrate(texts, {"threat": ratings}, prior())
    assert isinstance(result, Calibration)
    (report,) = result.report
    assert isinstance(report, AxisReport)
    assert (report.axis, report.statements) == ("threat", 400)
    assert report.heldout_spearman > report.prior_spearman + 0.15
    assert report.lambda_ > 0 and report.refitted == len(WORDS)
    new = weights(result.lexicon)
    for i in FLIPPED:
        assert math.copysign(1, new[WORDS[i]]["threat"]) == math.copysign(1, TRUTH[i])
    old = weights(prior())
    assert new["neverseen"] == old["neverseen"]
    assert all(new[t].get("blame") == old[t].get("blame") for t in old)
    assert result.lexicon.version == "1.0.0+calibrated"
    assert Lexicon.from_toml(result.lexicon.to_toml()) == result.lexicon
    assert result.report[0].as_dict()["lambda"] == report.lambda_


def test_repr_is_a_readable_table():
    texts, ratings = statements(100)
    result = stancekit.calibrate(texts, {"threat": ratings}, prior(), name="mine", version="2")
    text = repr(result)
    assert text.startswith("Calibration(lexicon=\"mine\" \"2\" sha256:")
    assert "held-out ρ" in text and "\nthreat " in text
    assert repr(result.report[0]).startswith("AxisReport(axis=\"threat\", statements=100, prior_spearman=0.")
    html = result._repr_html_()
    assert html.startswith("<table") and "<td>threat</td>" in html


def test_missing_ratings_in_any_form_are_skipped():
    texts, ratings = statements(120)
    with_none = [None if i % 4 == 0 else r for i, r in enumerate(ratings)]
    with_nan = np.array([np.nan if r is None else r for r in with_none])
    a = stancekit.calibrate(texts, {"threat": with_none}, prior())
    b = stancekit.calibrate(texts, {"threat": with_nan}, prior())
    assert a.report[0].statements == b.report[0].statements == 90
    assert a.lexicon == b.lexicon


def test_dataframe_input_reads_by_position():
    pd = pytest.importorskip("pandas")
    texts, ratings = statements(150)
    # A shuffled index must not reorder anything, and pandas.NA is missing.
    frame = pd.DataFrame({"text": texts, "threat": pd.array(ratings, dtype="Float64")}, index=range(150, 0, -1))
    frame.loc[frame.index[:10], "threat"] = pd.NA
    result = stancekit.calibrate_frame(frame, lexicon=prior(), seed=3)
    direct = stancekit.calibrate(texts, {"threat": [None] * 10 + ratings[10:]}, prior(), seed=3)
    assert result.report[0].statements == 140
    assert result.lexicon == direct.lexicon
    assert [r.axis for r in result.report] == ["threat"]  # no blame column
    with pytest.raises(ValueError, match="no column of the frame is an axis"):
        stancekit.calibrate_frame(frame.rename(columns={"threat": "menace"}), lexicon=prior())


def test_errors_are_value_errors_naming_the_problem():
    texts, ratings = statements(20)
    with pytest.raises(ValueError, match='ratings name axis "tone"'):
        stancekit.calibrate(texts, {"tone": ratings}, prior())
    with pytest.raises(ValueError, match='axis "threat" has 19 ratings for 20 statements'):
        stancekit.calibrate(texts, {"threat": ratings[:19]}, prior())
    with pytest.raises(ValueError, match="not a finite number"):
        stancekit.calibrate(texts, {"threat": [math.inf] + ratings[1:]}, prior())
    with pytest.raises(ValueError, match="too few for 5 folds"):
        stancekit.calibrate(texts[:9], {"threat": ratings[:9]}, prior())
    with pytest.raises(ValueError, match="folds"):
        stancekit.calibrate(texts, {"threat": ratings}, prior(), folds=1)
    with pytest.raises(ValueError, match="lambdas"):
        stancekit.calibrate(texts, {"threat": ratings}, prior(), lambdas=[-1.0])
    with pytest.raises(ValueError, match="one-dimensional"):
        stancekit.calibrate(texts, {"threat": np.zeros((20, 2))}, prior())
    with pytest.raises(TypeError):
        stancekit.calibrate([*texts[:-1], 5], {"threat": ratings}, prior())
