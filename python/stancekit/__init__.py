"""stancekit: lexicon-weighted stance vectors for political and diplomatic statements.

>>> import stancekit
>>> s = stancekit.score("Moscow would not break off talks with the West.")
>>> s["threat"] < 0
True
>>> scorer = stancekit.Scorer()
>>> scorer.score_batch(["We welcome the talks.", "We will retaliate."]).shape
(2, 4)
"""

from __future__ import annotations

from functools import lru_cache

from stancekit._stancekit import Lexicon, LexiconError, Scorer, Stance, __version__

__all__ = ["Lexicon", "LexiconError", "Scorer", "Stance", "score", "__version__"]


@lru_cache(maxsize=1)
def _default_scorer() -> Scorer:
    return Scorer()


def score(text: str) -> Stance:
    """Score ``text`` with the built-in lexicon; the scorer is built once.

    >>> score("Lavrov accused the United States of trying to provoke a conflict.").blame > 0
    True
    """
    return _default_scorer().score(text)
