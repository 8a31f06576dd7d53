"""stancekit.eval: metrics against hand-computed values, and the CLI on synthetic fixtures."""

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stancekit import Scorer
from stancekit.eval import auc, evaluate, main, rankdata, spearman

DATA = Path(__file__).parent / "data"
STATEMENTS = DATA / "synthetic-statements.jsonl"  # invented texts and ratings
QUADCLASS = DATA / "synthetic-quadclass.tsv"  # invented texts; labels 0-4


# ------------------------------------------------------------------ metrics


def test_rankdata_averages_ties():
    assert rankdata([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert rankdata([1, 1, 1]).tolist() == [2.0, 2.0, 2.0]


def test_spearman_hand_computed_with_ties():
    # ranks x = [1, 2.5, 2.5, 4], ranks y = [1, 3, 2, 4]; centred dot = 4.5,
    # sums of squares 4.5 and 5, so rho = 4.5 / sqrt(22.5) = sqrt(0.9).
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(math.sqrt(0.9), abs=1e-12)
    # ranks x = [1.5, 1.5, 3], ranks y = [3, 2, 1]: dot -1.5, ss 1.5 and 2.
    assert spearman([0, 0, 1], [3, 2, 1]) == pytest.approx(-1.5 / math.sqrt(3.0), abs=1e-12)


def test_spearman_monotone_and_undefined():
    assert spearman([1, 2, 3, 4], [10, 100, 1000, 10000]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(spearman([0, 0, 0], [1, 2, 3]))  # constant score
    assert math.isnan(spearman([1], [1]))
    with pytest.raises(ValueError):
        spearman([1, 2], [1, 2, 3])


def test_auc_hand_computed_with_ties():
    # positives 3, 2; negatives 2, 1: pairs 1 + 1 + 1/2 + 1 = 3.5 of 4.
    assert auc([3, 2, 2, 1], [True, True, False, False]) == pytest.approx(0.875)
    # positives 1, 0; negatives 1, 1, 0: 1/2 + 1/2 + 1 + 0 + 0 + 1/2 = 2.5 of 6.
    assert auc([1, 0, 1, 1, 0], [1, 1, 0, 0, 0]) == pytest.approx(2.5 / 6)
    assert auc([5, 5, 5, 5], [1, 0, 1, 0]) == pytest.approx(0.5)
    assert auc([2, 3, 0, 1], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert auc([0, 1, 2, 3], [1, 1, 0, 0]) == pytest.approx(0.0)
    assert math.isnan(auc([1, 2], [1, 1]))


def test_auc_matches_brute_force_on_random_ties():
    rng = np.random.default_rng(0)
    s = rng.integers(0, 4, 60).astype(float)
    y = rng.random(60) < 0.4
    pos, neg = s[y], s[~y]
    brute = ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
    assert auc(s, y) == pytest.approx(brute, abs=1e-12)


# ------------------------------------------------------------------ evaluate / CLI


def _fixture_texts_and_means():
    rows = [json.loads(line) for line in STATEMENTS.read_text(encoding="utf-8").splitlines()]
    return [r["text"] for r in rows], [r["mean"] for r in rows]


def test_evaluate_no_baseline_matches_direct_computation():
    res = evaluate(STATEMENTS, QUADCLASS, baseline="none")
    scorer = Scorer()
    axes = scorer.axes
    assert res["axes"] == axes
    assert res["baseline"]["name"] is None
    st = res["statements"]
    assert st["n"] == 6 and "baseline" not in st
    texts, means = _fixture_texts_and_means()
    scores = scorer.score_batch(texts)
    for i, axis in enumerate(axes):
        want = spearman(scores[:, i], [m[axis] for m in means])
        assert st["stancekit"]["spearman"][axis] == pytest.approx(want)
        assert st["stancekit"]["zero_share"][axis] == pytest.approx(np.mean(scores[:, i] == 0))
    qc = res["quadclass"]
    # only labels 1 (positive) and 3 (negative) count; 0, 2 and 4 are ignored
    assert (qc["n_positive"], qc["n_negative"]) == (2, 2)
    assert set(qc["stancekit"]["auc"]) == {"threat"}
    assert 0.0 <= qc["stancekit"]["auc"]["threat"] <= 1.0


def test_cli_table_without_baseline(capsys):
    rc = main(["--statements", str(STATEMENTS), "--quadclass", str(QUADCLASS), "--baseline", "none"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "Spearman vs rater mean" in out and "AUC quadclass 1 vs 3" in out
    assert "share of score == 0" in out
    assert "vader" not in out
    for axis in Scorer().axes:
        assert axis in out


def test_cli_json_with_vader(capsys):
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    rc = main(["--statements", str(STATEMENTS), "--quadclass", str(QUADCLASS), "--json"])
    assert rc == 0
    res = json.loads(capsys.readouterr().out)
    assert res["baseline"]["name"] == "vader"
    texts, means = _fixture_texts_and_means()
    analyzer = vader.SentimentIntensityAnalyzer()
    base = [-analyzer.polarity_scores(t)["compound"] for t in texts]
    for axis in res["axes"]:
        want = spearman(base, [m[axis] for m in means])
        assert res["statements"]["baseline"]["spearman"][axis] == pytest.approx(want)
    assert 0.0 <= res["quadclass"]["baseline"]["auc"]["threat"] <= 1.0


def test_cli_table_with_vader(capsys):
    pytest.importorskip("vaderSentiment")
    assert main(["--statements", str(STATEMENTS)]) == 0
    out = capsys.readouterr().out
    assert "vader" in out and "AUC" not in out


def test_baseline_missing_is_skipped_with_a_note(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    assert main(["--statements", str(STATEMENTS)]) == 0
    out = capsys.readouterr().out
    assert "vaderSentiment is not installed" in out
    res = evaluate(STATEMENTS)
    assert res["baseline"]["name"] is None and "baseline" not in res["statements"]


def test_missing_file_exits_2(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert main(["--statements", str(missing), "--baseline", "none"]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "nope.jsonl" in err


def test_missing_file_exits_2_as_a_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "stancekit.eval", "--quadclass", str(tmp_path / "nope.tsv")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "nope.tsv" in proc.stderr and proc.stdout == ""


def test_no_data_path_or_bad_lexicon_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--baseline", "none"])
    assert e.value.code == 2
    capsys.readouterr()
    assert main(["--statements", str(STATEMENTS), "--lexicon", str(tmp_path / "x.toml")]) == 2
    assert "cannot load lexicon" in capsys.readouterr().err
