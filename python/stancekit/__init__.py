"""stancekit: lexicon-weighted stance vectors for political and diplomatic statements.

>>> import stancekit
>>> s = stancekit.score("Moscow would not break off talks with the West.")
>>> s["threat"] < 0
True
>>> talks = s.contributions[-1]
>>> talks
Contribution('break off talks', char_span=(17, 32), threat=-1.035, blame=0.069, rigidity=-0.518, certainty=0.138, factors=[negation ×-0.75 'not' on threat, rigidity, negation ×0.25 'not' on blame, negation ×0.5 'not' on certainty, hedge ×0.92 'would'])
>>> scorer = stancekit.Scorer()
>>> scorer.score_batch(["We welcome the talks.", "We will retaliate."]).shape
(2, 4)

The classes are those of the compiled module ``stancekit._stancekit``; their
docstrings' examples run as doctests through ``__test__`` below.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from stancekit._stancekit import (
    Actors,
    AxisReport,
    Calibration,
    Contribution,
    Factor,
    Lexicon,
    LexiconError,
    Scorer,
    Stance,
    Targets,
    __version__,
)
from stancekit.calibration import calibrate, calibrate_frame

if TYPE_CHECKING:
    from stancekit.pandas import score_frame

__all__ = [
    "Actors",
    "AxisReport",
    "Calibration",
    "Contribution",
    "Factor",
    "Lexicon",
    "LexiconError",
    "Scorer",
    "Stance",
    "Targets",
    "calibrate",
    "calibrate_frame",
    "score",
    "score_frame",
    "__version__",
]


@lru_cache(maxsize=1)
def _default_scorer() -> Scorer:
    return Scorer()


def score(text: str) -> Stance:
    """Score ``text`` with the built-in lexicon; the scorer is built once.

    >>> score("Lavrov accused the United States of trying to provoke a conflict.").blame > 0
    True
    """
    return _default_scorer().score(text)


def __getattr__(name: str) -> Any:
    # `stancekit.score_frame` imports pandas only when first used.
    if name == "score_frame":
        from stancekit.pandas import score_frame

        return score_frame
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _compiled_examples() -> dict[str, str]:
    """The docstrings with examples of the compiled classes and their members.

    doctest finds examples in Python source only; naming the docstrings in
    ``__test__`` makes ``pytest --doctest-modules`` run them too, with this
    module's names (``Scorer``, ``Lexicon``, ...) in scope.
    """
    found = {}
    for cls in (Lexicon, Scorer, Stance, Contribution, Factor, Actors, Targets, Calibration, AxisReport):
        members = [(cls.__name__, cls)]
        members += [(f"{cls.__name__}.{name}", member) for name, member in vars(cls).items()]
        for name, member in members:
            doc = getattr(member, "__doc__", None)
            if isinstance(doc, str) and ">>>" in doc:
                found[name] = doc
    return found


__test__ = _compiled_examples()
