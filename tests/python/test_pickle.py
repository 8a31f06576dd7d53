"""Pickling: the built-in lexicon travels by name, a custom one by its TOML, and
a Scorer as its lexicon; the scores after a round trip are identical."""

import pickle

import cloudpickle
import numpy as np
import pytest

from stancekit import Lexicon, LexiconError, Scorer
from stancekit._stancekit import _lexicon_from_pickle

TEXTS = [
    "We will not break off talks, but we will retaliate!",
    "Lavrov accused the United States of trying to provoke a conflict.",
    "We would perhaps consider a compromise.",
    "More zorble-fluxing, and we are absolutely certain.",
    "",
]


def custom_lexicon():
    return Lexicon.default().with_entries([("zorble-fluxing", [("threat", 2.0), ("blame", -1.0)])], group="mine")


def state_of(lexicon):
    rebuild, (state,) = lexicon.__reduce__()
    assert rebuild is _lexicon_from_pickle
    return state


def test_the_builtin_lexicon_pickles_by_name():
    fmt, kind, payload, digest = state_of(Lexicon.default())
    assert (fmt, kind, payload, digest) == (1, "builtin", "diplomatic-en", Lexicon.default().hash)
    assert len(pickle.dumps(Lexicon.default())) < 200
    assert pickle.loads(pickle.dumps(Lexicon.default())) == Lexicon.default()


def test_a_custom_lexicon_pickles_by_its_toml():
    mine = custom_lexicon()
    fmt, kind, payload, digest = state_of(mine)
    assert (fmt, kind, digest) == (1, "toml", mine.hash)
    assert Lexicon.from_toml(payload) == mine
    again = pickle.loads(pickle.dumps(mine))
    assert again == mine and again.hash == mine.hash and again.name == mine.name and len(again) == len(mine)


def test_a_renamed_default_is_custom():
    # Same content, other name: equal, but not the built-in, so it goes by content.
    data = Lexicon.default().to_dict()
    data["lexicon"]["name"] = "renamed"
    renamed = Lexicon.from_dict(data)
    assert renamed == Lexicon.default()
    assert state_of(renamed)[1] == "toml"
    assert pickle.loads(pickle.dumps(renamed)).name == "renamed"


@pytest.mark.parametrize("dumps", [pickle.dumps, cloudpickle.dumps], ids=["pickle", "cloudpickle"])
@pytest.mark.parametrize("lexicon", [None, "custom"])
def test_scorers_round_trip_with_identical_scores(dumps, lexicon):
    scorer = Scorer(custom_lexicon()) if lexicon == "custom" else Scorer()
    again = pickle.loads(dumps(scorer))
    assert isinstance(again, Scorer) and again.lexicon == scorer.lexicon
    assert again.axes == scorer.axes and repr(again) == repr(scorer)
    np.testing.assert_array_equal(again.score_batch(TEXTS), scorer.score_batch(TEXTS))
    for text in TEXTS:
        assert again.score(text).as_dict() == scorer.score(text).as_dict()
    if lexicon == "custom":
        assert again.score(TEXTS[3]).threat > 0


def test_a_scorer_pickles_as_its_lexicon_and_profile():
    scorer = Scorer(custom_lexicon())
    cls, (lexicon, profile) = scorer.__reduce__()
    assert cls is Scorer and lexicon == scorer.lexicon and profile == "stancekit"
    vader = pickle.loads(pickle.dumps(Scorer(Lexicon.vader(), profile="vader")))
    assert vader.profile == "vader" and vader.polarity("Today SUX!")["compound"] == -0.5461


def test_scorers_inside_closures_travel_with_cloudpickle():
    scorer = Scorer(custom_lexicon())

    def threat(text):
        return scorer.score(text).threat

    assert pickle.loads(cloudpickle.dumps(threat))(TEXTS[3]) == threat(TEXTS[3])


def test_a_newer_pickle_format_is_refused_clearly():
    with pytest.raises(ValueError, match="newer stancekit"):
        _lexicon_from_pickle((2, "builtin", "diplomatic-en", Lexicon.default().hash))
    with pytest.raises(ValueError, match="unknown lexicon pickle kind"):
        _lexicon_from_pickle((1, "yaml", "", ""))
    with pytest.raises(ValueError, match="lacks"):
        _lexicon_from_pickle((1, "builtin", "klingon-tlh", ""))


def test_a_lexicon_that_unpickles_with_other_content_warns():
    # as a built-in lexicon pickled by another stancekit version would
    with pytest.warns(UserWarning, match="scores may differ"):
        lexicon = _lexicon_from_pickle((1, "builtin", "diplomatic-en", "sha256:0000000000000000"))
    assert lexicon == Lexicon.default()
    with pytest.warns(UserWarning, match='"diplomatic-en" was pickled as sha256:0000000000000000'):
        _lexicon_from_pickle((1, "toml", custom_lexicon().to_toml(), "sha256:0000000000000000"))


def test_lexicons_are_equal_and_hash_by_content():
    a, b = Lexicon.default(), Lexicon.from_toml(Lexicon.default().to_toml())
    assert a == b and hash(a) == hash(b) and len({a, b}) == 1
    assert a != custom_lexicon() and a != "diplomatic-en"
    assert {a: 1}[b] == 1


def test_lexicon_errors_pickle_with_their_location(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[lexicon]\nname = "x"\n[[axes]]\nid = "t"\n[entries.g]\nwar = { tone = 1.0 }\n')
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file(bad)
    assert type(info.value).__module__ == "stancekit._stancekit"
    for dumps in (pickle.dumps, cloudpickle.dumps):
        again = pickle.loads(dumps(info.value))
        assert type(again) is LexiconError and str(again) == str(info.value)
        assert (again.path, again.line) == (str(bad), 6)
