"""The Python layer over the Rust core: same numbers, typed errors, no crashes."""

import threading

import numpy as np
import pytest

import stancekit
from stancekit import Lexicon, LexiconError, Scorer


def test_score_directions_match_the_rust_tests():
    assert stancekit.score("Moscow would not break off talks with the West.")["threat"] < 0
    assert stancekit.score("Russia would not give up its claims.").rigidity > 0


def test_stance_access_and_explanations():
    s = stancekit.score("We will not break off talks, but we will retaliate!")
    assert s.axes == ["threat", "blame", "rigidity", "certainty"]
    d = s.as_dict()
    assert list(d)[:4] == s.axes
    assert d["threat"] == s["threat"] == s.threat
    contributions = s.contributions
    assert any(c["term"] == "break off talks" for c in contributions)
    talks = next(c for c in contributions if c["term"] == "break off talks")
    assert talks["factors"][0]["rule"] == "negation"
    assert sum(c["values"]["threat"] for c in contributions) == pytest.approx(d["threat_raw"], abs=1e-12)
    assert "break off talks" in s.explain()
    assert repr(s).startswith("Stance(threat=")
    with pytest.raises(KeyError):
        s["tone"]
    with pytest.raises(AttributeError):
        s.tone


def test_batch_is_float32_and_equals_single_scores():
    scorer = Scorer()
    texts = ["We welcome the constructive talks.", "We will retaliate.", "", "Ça va? Россия!"]
    for matrix in (scorer.score_batch(texts), scorer.score_batch(tuple(texts), num_threads=1), scorer.score_batch(iter(texts), num_threads=2)):
        assert matrix.dtype == np.float32 and matrix.shape == (4, 4)
        for row, text in zip(matrix, texts):
            assert list(row) == [np.float32(scorer.score(text)[a]) for a in scorer.axes]
    assert scorer.score_batch(np.array(texts)).shape == (4, 4)


def test_non_string_items_raise_type_error_naming_the_index():
    with pytest.raises(TypeError, match="item 1 is int"):
        Scorer().score_batch(["fine", 3])


def test_lexicon_errors_carry_path_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[lexicon]\nname = "x"\n[[axes]]\nid = "t"\n[entries.g]\nwar = { tone = 1.0 }\n')
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file(bad)
    assert isinstance(info.value, ValueError)
    assert info.value.path == str(bad)
    assert info.value.line == 6
    with pytest.raises(OSError):
        Lexicon.from_file(tmp_path / "missing.toml")


def test_custom_and_extended_lexicons():
    base = Lexicon.default()
    assert base.name == "diplomatic-en" and len(base) >= 1500
    mine = base.with_entries([("zorble-fluxing", [("threat", 2.0)])])
    assert len(mine) == len(base) + 1 and mine.hash != base.hash
    assert Scorer(mine).score("More zorble-fluxing.")["threat"] > 0
    again = Lexicon.from_toml(mine.to_toml())
    assert again.hash == mine.hash


def test_one_scorer_from_eight_threads_matches_serial_use():
    scorer = Scorer()
    texts = [f"We will retaliate {i} times, but we welcome talks." for i in range(200)]
    expected = [scorer.score(t).as_dict() for t in texts]
    results = {}

    def work(k):
        results[k] = [scorer.score(t).as_dict() for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(8))
