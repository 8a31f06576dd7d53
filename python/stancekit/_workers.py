"""The per-process scorer cache shared by the Dask and Spark helpers.

On a cluster a worker process scores many partitions or batches; compiling
the lexicon for each would dominate. So each process builds one scorer per
lexicon path (``None``: the built-in lexicon) and keeps it. ``BUILDS``
counts the compilations, by lexicon path, so tests can check that a worker
built its scorer once.
"""

from __future__ import annotations

import os
import threading
from collections import Counter

from stancekit._stancekit import Lexicon, Scorer

_SCORERS: dict[str | None, Scorer] = {}
BUILDS: Counter[str | None] = Counter()
_LOCK = threading.Lock()


def lexicon_key(lexicon_path: str | os.PathLike[str] | None) -> str | None:
    """The cache key of a lexicon path: the path as a string, or ``None``."""
    return None if lexicon_path is None else os.fspath(lexicon_path)


def cached_scorer(lexicon_path: str | None) -> Scorer:
    """The scorer of ``lexicon_path`` (``None``: built-in), built once per process."""
    scorer = _SCORERS.get(lexicon_path)
    if scorer is None:
        with _LOCK:  # a worker may run several tasks at once on threads
            scorer = _SCORERS.get(lexicon_path)
            if scorer is None:
                lexicon = None if lexicon_path is None else Lexicon.from_file(lexicon_path)
                scorer = Scorer(lexicon)
                _SCORERS[lexicon_path] = scorer
                BUILDS[lexicon_path] += 1
    return scorer
