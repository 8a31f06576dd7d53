"""LIWC ``.dic`` and quanteda YAML dictionaries through ``Lexicon.from_file``:
one unipolar axis per category, raw scores that count words."""

import pickle
import re

import pytest

from stancekit import Lexicon, LexiconError, Scorer

DIC = "%\n1\tposemo\n2\tnegemo\n%\nhapp*\t1\nkind of\t1\t2\nsad\t2\n"
YAML = "economy:\n  positive: [growth, job*]\n  negative:\n    - recession\n    - not good*\n"


def test_liwc_dictionary_counts_words(tmp_path):
    path = tmp_path / "emotions.dic"
    path.write_text(DIC)
    lexicon = Lexicon.from_file(path)
    assert lexicon.name == "emotions"
    assert lexicon.axes == ["posemo", "negemo"]
    stance = Scorer(lexicon).score("happy and happier, kind of sad")
    row = stance.as_dict()
    assert (row["posemo_raw"], row["negemo_raw"]) == (3.0, 2.0)
    assert (row["posemo_hits"], row["negemo_hits"]) == (3, 2)


def test_quanteda_yaml_flattens_keys(tmp_path):
    for name in ["econ.yml", "econ.yaml"]:
        path = tmp_path / name
        path.write_text(YAML)
        lexicon = Lexicon.from_file(path)
        assert lexicon.axes == ["economy.positive", "economy.negative"]
        row = Scorer(lexicon).score("growth and jobs, but not good").as_dict()
        assert row["economy.positive_raw"] == 2.0
        assert row["economy.negative_raw"] == 1.0


def test_imported_lexicons_pickle(tmp_path):
    path = tmp_path / "emotions.dic"
    path.write_text(DIC)
    lexicon = Lexicon.from_file(path)
    assert pickle.loads(pickle.dumps(lexicon)).hash == lexicon.hash


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        ("bad.dic", "%\n1\tposemo\n%\na*\t1\n", 4, 'bad wildcard "a*"'),
        ("bad.dic", "%\n1\tposemo\n%\nhappy\t7\n", 4, "category id 7"),
        ("bad.yml", "a:\n  - colo?r\n", 2, "quanteda's `?`"),
        ("bad.yml", "a:\n  - '*ism'\n", 2, "`*` may only end the term"),
        ("bad.yml", "a: [x\nb: y\n", 2, "YAML:"),
    ],
)
def test_unsupported_patterns_are_refused_with_their_line(tmp_path, name, text, line, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(LexiconError, match=re.escape(message)) as info:
        Lexicon.from_file(path)
    assert isinstance(info.value, ValueError)
    assert info.value.path == str(path)
    assert info.value.line == line


def test_extending_the_default_needs_matching_axes(tmp_path):
    path = tmp_path / "emotions.dic"
    path.write_text(DIC)
    with pytest.raises(LexiconError, match="is not an axis of the lexicon this file extends"):
        Lexicon.default().extended_by_file(path)
