"""stancekit.vader against vaderSentiment 3.3.2, on sentences built to hit every rule."""

import pickle
import random

import numpy as np
import pytest

from stancekit import Lexicon, LexiconError, Scorer
from stancekit.vader import SentimentIntensityAnalyzer

reference = pytest.importorskip("vaderSentiment.vaderSentiment")

# Lexicon words, boosters, negations, idiom parts, `but`, `least`, emoticons,
# capitals, punctuation and emoji, mixed at random.
VOCABULARY = (
    "good bad great horrible happy sad love hate best heart lts kind of sort so this "
    "very extremely kinda barely not never no without doubt nor or isn't don't cannot "
    "least at the bomb shit yeah right kiss death to die for bus stop beating but BUT "
    "GOOD BAD VERY :) :( :D :-* <3 lol sux the a movie plot was is it ! !! ? ?? ... , "
    "😁 💘 😡 résumé ΩMEGA ok fav"
).split()


def sentences(n, seed):
    rng = random.Random(seed)
    for _ in range(n):
        words = rng.choices(VOCABULARY, k=rng.randint(0, 12))
        glue = rng.choice([" ", "  ", "\t", " "])
        yield glue.join(words) + rng.choice(["", ".", "!", "!!!", "?", "??"])


def test_polarity_scores_equal_vadersentiment_on_random_sentences():
    ours = SentimentIntensityAnalyzer()
    theirs = reference.SentimentIntensityAnalyzer()
    texts = list(sentences(3000, seed=7))
    for text in texts:
        assert ours.polarity_scores(text) == theirs.polarity_scores(text), text
    batch = ours.polarity_scores_batch(texts)
    assert batch.shape == (len(texts), 4) and batch.dtype == np.float64
    for text, row in zip(texts[:300], batch):
        assert list(row) == list(theirs.polarity_scores(text).values()), text


def test_drop_in_api_and_profiles():
    analyzer = SentimentIntensityAnalyzer()
    scores = analyzer.polarity_scores("VADER is smart, handsome, and funny!")
    assert list(scores) == ["neg", "neu", "pos", "compound"]
    assert scores["compound"] == 0.8439
    own = SentimentIntensityAnalyzer(profile="stancekit")
    assert own.scorer.profile == "stancekit" and analyzer.scorer.profile == "vader"
    assert own.polarity_scores("you can't stand it")["compound"] < 0
    assert analyzer.polarity_scores("you can't stand it")["compound"] == 0.0
    assert repr(analyzer).startswith("SentimentIntensityAnalyzer(lexicon=")
    with pytest.raises(ValueError, match="unknown profile"):
        Scorer(Lexicon.vader(), profile="nltk")


def test_explanations_and_pickling():
    scorer = Scorer(Lexicon.vader(), profile="vader")
    stance = scorer.score("The book was VERY good!!")
    good = next(c for c in stance.contributions if c.term == "good")
    assert [f.rule for f in good.factors] == ["intensifier"]
    assert stance.contributions[-1].term == "punctuation emphasis"
    again = pickle.loads(pickle.dumps(scorer))
    assert again.profile == "vader"
    assert again.polarity("The book was good.") == scorer.polarity("The book was good.")


def test_own_vader_format_lexicon(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("zorble\t3.1\t0.5\t[3, 3]\nzorble\t-2.0\t0.5\t[-2]\n", encoding="utf-8")
    analyzer = SentimentIntensityAnalyzer(path)
    assert analyzer.polarity_scores("such zorble")["compound"] < 0  # the last line wins
    bad = tmp_path / "bad.txt"
    bad.write_text("good\t1.9\nbad\tworse\n", encoding="utf-8")
    with pytest.raises(LexiconError) as e:
        SentimentIntensityAnalyzer(bad)
    assert e.value.line == 2 and "not a number" in str(e.value)


def test_ctrl_c_stops_a_long_polarity_batch_between_chunks(interrupted_within):
    analyzer = SentimentIntensityAnalyzer()
    texts = ["VADER is VERY SMART, handsome, and FUNNY!!! But not always :("] * 5_000_000
    assert interrupted_within(lambda: analyzer.polarity_scores_batch(texts, num_threads=1)) < 2.0


def test_the_vader_profile_starts_from_vaders_lexicon_and_names_are_checked():
    from stancekit import Lexicon, Scorer

    scorer = Scorer(profile="vader")
    assert scorer.lexicon == Lexicon.vader() and scorer.axes == ["valence"]
    assert scorer.polarity("The book was good.")["compound"] == 0.4404
    with pytest.raises(ValueError, match='unknown profile "vadr"'):
        Scorer(profile="vadr")
