"""Stance toward actors from Python: actors, targets, frames and the
measured agreement on the shipped per-actor ratings."""

from pathlib import Path

import pytest

from stancekit import Actors, LexiconError, Scorer
from stancekit.eval_targets import evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "targets" / "targets-quadclass.jsonl"


def test_actors_from_a_dict_a_file_and_the_builtin_list(tmp_path):
    actors = Actors({"US": ["Washington", "American*"], "NATO": ["NATO"]})
    assert actors.ids == ["US", "NATO", "speaker"]
    assert actors.mentions("Americans told us") == [("US", 0, 9), ("speaker", 15, 17)]
    path = tmp_path / "actors.toml"
    path.write_text('EU = ["EU", "Brussels"]\nNATO = 3\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"actors.toml:2: "):
        Actors.from_file(path)
    json_path = tmp_path / "actors.json"
    json_path.write_text('{"EU": ["Brussels"]}', encoding="utf-8")
    assert Actors.from_file(json_path).mentions("Brussels said") == [("EU", 0, 8)]
    assert Actors.builtin().extended({"Hezbollah": ["Hizbullah"]}).mentions("Hizbullah")[0][0] == "Hezbollah"


def test_targets_name_rules_and_spans_in_string_indices():
    text = "Мы приветствуем: we welcome the answer of Washington, but we condemn the provocations of NATO."
    t = Scorer().score_targets(text)
    assert t.targets["US"]["blame"] < 0 < t.targets["NATO"]["blame"]
    rules = {a["rule"] for a in t.attributions}
    assert rules <= {"object", "passive", "agent", "owner", "subject", "sentence", "statement", "contrast"}
    assert all(a["weight"] in (1.0, -1.0) for a in t.attributions)
    for actor, start, end in t.mentions:
        assert text[start:end] in {"we", "Washington", "NATO"}
    for a in t.attributions:
        start, end = a["mention"]
        assert text[start:end] in {"Washington", "NATO"}
        assert t.stance.contributions[a["contribution"]].values
    # the words behind each actor's stance, with spans in string indices
    toward_nato = t.toward("NATO")
    assert [c.text for c in toward_nato] == ["condemn", "provocations"]
    assert all(text[slice(*c.char_span)] == c.text for c in t.toward("US"))
    assert t.toward("Iran") == []
    with pytest.raises(ValueError, match="stancekit profile"):
        from stancekit import Lexicon

        Scorer(Lexicon.vader(), profile="vader").score_targets(text)


def test_long_frame_and_means_by_speaker_and_target():
    pd = pytest.importorskip("pandas")
    from stancekit.targets import stance_by, targets_frame

    df = pd.DataFrame(
        {
            "speaker": ["A", "A", "B"],
            "text": ["We condemn NATO.", "NATO threatens us.", "We thank Washington."],
        },
        index=[10, 11, 12],
    )
    long = targets_frame(df, "text")
    assert set(long["statement"]) == {10, 11, 12}
    means = stance_by(long, ["speaker", "target"], data=df)
    nato = means.query("speaker == 'A' and target == 'NATO' and axis == 'blame'").iloc[0]
    assert nato["count"] == 2 and nato["mean"] > 0
    us = means.query("speaker == 'B' and target == 'US' and axis == 'blame'").iloc[0]
    assert us["count"] == 1 and us["mean"] < 0 and us["sd"] == 0
    with pytest.raises(KeyError, match="data="):
        stance_by(long, ["speaker"])


def test_attribution_beats_the_whole_statement_baseline_on_the_shipped_ratings():
    report = evaluate(DATA)
    assert report["counts"]["negative"] + report["counts"]["positive"] >= 100
    # The figures in docs/targets.md; a change to the rules that loses
    # agreement fails here.
    assert report["targets"]["accuracy"] >= 0.5
    assert report["targets"]["accuracy"] > report["baseline"]["accuracy"] + 0.08
