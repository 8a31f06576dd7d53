"""A drop-in for vaderSentiment's ``SentimentIntensityAnalyzer``, on stancekit's engine.

``polarity_scores`` returns the dict vaderSentiment 3.3.2 returns, with the
same numbers after its rounding (parity measured in ``docs/vader.md``), and
``polarity_scores_batch`` scores many texts on all cores into a numpy array.

>>> from stancekit.vader import SentimentIntensityAnalyzer
>>> analyzer = SentimentIntensityAnalyzer()
>>> analyzer.polarity_scores("VADER is smart, handsome, and funny!")
{'neg': 0.0, 'neu': 0.248, 'pos': 0.752, 'compound': 0.8439}
>>> analyzer.polarity_scores_batch(["Not bad at all", "Today SUX!"]).round(4).tolist()
[[0.0, 0.513, 0.487, 0.431], [0.779, 0.221, 0.0, -0.5461]]

``profile="stancekit"`` applies stancekit's own rules to VADER's lexicon
instead (negation within the clause, multiplicative degree words, contrast
per sentence, multi-word entries such as ``can't stand``).

VADER's lexicon ships with stancekit under the MIT licence, Copyright (c)
2016 C.J. Hutto. Please cite Hutto, C.J. & Gilbert, E.E. (2014). VADER: A
Parsimonious Rule-based Model for Sentiment Analysis of Social Media Text.
ICWSM-14.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Literal

import numpy as np
import numpy.typing as npt

from stancekit._stancekit import Lexicon, Scorer

__all__ = ["SentimentIntensityAnalyzer"]


class SentimentIntensityAnalyzer:
    """VADER's sentiment scores for texts.

    ``lexicon_file`` is a lexicon in VADER's format
    (``token<TAB>mean<TAB>sd<TAB>ratings``); by default VADER 3.3.2's own.
    vaderSentiment's ``emoji_lexicon`` argument has no counterpart: the
    emoji descriptions are VADER 3.3.2's.
    """

    def __init__(
        self,
        lexicon_file: str | os.PathLike[str] | None = None,
        *,
        profile: Literal["vader", "stancekit"] = "vader",
    ) -> None:
        lexicon = Lexicon.vader() if lexicon_file is None else Lexicon.from_vader_file(lexicon_file)
        self.lexicon = lexicon
        self.scorer = Scorer(lexicon, profile=profile)

    def polarity_scores(self, text: str) -> dict[str, float]:
        """``{'neg', 'neu', 'pos', 'compound'}`` for ``text``, as vaderSentiment returns it."""
        return self.scorer.polarity(text)

    def polarity_scores_batch(
        self, texts: Iterable[str], *, num_threads: int | None = None
    ) -> npt.NDArray[np.float64]:
        """One row per text, columns ``neg``, ``neu``, ``pos``, ``compound``, on ``num_threads`` threads (all cores by default)."""
        return self.scorer.polarity_batch(texts, num_threads=num_threads)

    def __repr__(self) -> str:
        return f"SentimentIntensityAnalyzer(lexicon={self.lexicon.name!r}, profile={self.scorer.profile!r})"
