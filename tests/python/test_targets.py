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
    assert rules <= {"object", "passive", "agent", "owner", "subject", "sentence", "statement", "contrast", "context", "partner"}
    assert all(a["weight"] in (1.0, -1.0, 0.5) for a in t.attributions)
    # A context share fills only the axes no role gave the actor: the US is
    # welcomed by a role, so NATO's condemnation reaches it on no blame axis.
    shares = [a for a in t.attributions if a["rule"] == "context"]
    assert shares and all(a["actors"] == ["US"] and "blame" not in a["axes"] for a in shares)
    assert all(a["axes"] is None for a in t.attributions if a["rule"] != "context")
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
    # agreement fails here. (The context share, which gives an actor no
    # role reaches half the statement's stance, costs this set's neutral
    # actors 0.514 -> 0.489 and gains the rated actors' signs.)
    assert report["targets"]["accuracy"] >= 0.48
    assert report["targets"]["accuracy"] > report["baseline"]["accuracy"] + 0.08


# ------------------------------------------------------------------ eval_targets on the shared data's formats


def _write(path, rows):
    import json as _json

    path.write_text("".join(_json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_eval_targets_rated_actors_sign_order_and_halves(tmp_path):
    from stancekit.eval import half_of
    from stancekit.eval_targets import actors_rated

    rows = [
        {"id": "t1", "text": "We condemn the aggression of Russia.",
         "actors": {"Russia": {"mean": {"blame": 2.0, "threat": 0.0}}}},
        {"id": "t2", "text": "We thank Egypt and condemn Iran.",
         "actors": {"Egypt": {"mean": {"blame": -2.0, "threat": -1.0}},
                    "Iran": {"mean": {"blame": 2.0, "threat": 0.0}}}},
    ]
    report = actors_rated(_write(tmp_path / "rated.jsonl", rows), Scorer(), Actors.builtin())
    sign = report["sign"]["blame"]
    assert sign["n"]["all"] == 3 and sign["targets"]["all"] == 1.0
    # The baseline gives Egypt the statement's accusing score: wrong sign.
    assert sign["baseline"]["all"] < 1.0
    halves = [half_of(r["id"]) for r in rows]
    assert sign["n"]["read"] + sign["n"]["check"] == 3 and sign["n"][halves[1]] >= 2
    order = report["order"]["blame"]
    assert order["n"]["all"] == 1 and order["targets"]["all"] == 1.0 and order["baseline"]["all"] == 0.5


def test_eval_targets_newsmtsc_orders_targets_by_blame(tmp_path):
    from stancekit.eval_targets import newsmtsc

    text = "Smith praised the reform, but Jones spread lies about it."
    rows = [{"primary_gid": "g1", "sentence_normalized": text, "targets": [
        {"mention": "Smith", "from": 0, "to": 5, "polarity": 6.0},
        {"mention": "Jones", "from": 30, "to": 35, "polarity": 2.0},
    ]}, {"primary_gid": "g2", "sentence_normalized": "Smith spoke.", "targets": [
        {"mention": "Smith", "from": 0, "to": 5, "polarity": 4.0},
    ]}]
    report = newsmtsc(_write(tmp_path / "news.jsonl", rows), Scorer())["order"]
    # One pair: the single-target sentence does not count.
    assert report["n"]["all"] == 1 and report["targets"]["all"] == 1.0 and report["baseline"]["all"] == 0.5


def test_eval_targets_unscon_top_blame_against_first_named(tmp_path):
    from stancekit.eval_targets import unscon_targets

    rows = [
        {"id": "u1", "text": "Ukraine suffers while Russia commits aggression .", "negative_evaluation": 1,
         "target": "Russia", "speaker_country": "France"},
        # Left out: no negative evaluation; a target that is the only actor named.
        {"id": "u2", "text": "Russia and Ukraine met .", "negative_evaluation": 0, "target": None},
        {"id": "u3", "text": "Russia lied .", "negative_evaluation": 1, "target": "Russia"},
    ]
    report = unscon_targets(_write(tmp_path / "u.jsonl", rows), Scorer(), Actors.builtin())["top"]
    assert report["n"]["all"] == 1
    assert report["targets"]["all"] == 1.0 and report["baseline"]["all"] == 0.0


def test_eval_targets_speakers_read_the_statement_as_its_speakers(tmp_path):
    from stancekit.eval_targets import actors_rated, speaker_actor

    assert "North Korea" not in speaker_actor(Actors.builtin(), "DPRK Foreign Ministry").ids
    assert speaker_actor(Actors.builtin(), "an unnamed official").ids == Actors.builtin().ids
    rows = [{"id": "t1", "speaker": "DPRK Foreign Ministry", "text": "The DPRK condemns the US.",
             "actors": {"US": {"mean": {"blame": 2.0, "threat": 0.0}}}}]
    path = _write(tmp_path / "rated.jsonl", rows)
    assert actors_rated(path, Scorer(), Actors.builtin(), speakers=True)["sign"]["blame"]["targets"]["all"] == 1.0
