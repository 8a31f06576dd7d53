"""Score a text column of a Dask DataFrame on a cluster.

:func:`score` maps every partition of one text column to a pandas DataFrame
with one ``float32`` column per stance axis, indexed like the input, so the
result lines up with the input partition for partition:

.. code-block:: python

    import dask.dataframe as dd
    import stancekit.dask

    scores = stancekit.dask.score(ddf, "text")         # threat, blame, ...
    scored = dd.concat([ddf, scores], axis=1)         # input columns + axes

Nothing is sent to the workers but the lexicon *path* (or ``None`` for the
built-in lexicon): each worker process compiles its own
:class:`~stancekit.Scorer` the first time it scores a partition and keeps it
in a module-level cache keyed by that path, so a worker builds it once, not
once per partition.

This module needs ``dask[dataframe]`` (``pip install 'stancekit[dask]'``);
it imports Dask only when :func:`score` is called.  See
``docs/distributed.md`` for a complete recipe.
"""

from __future__ import annotations

import os
from collections import Counter
from typing import TYPE_CHECKING, Any

import numpy as np

from stancekit._stancekit import Scorer
from stancekit._workers import BUILDS, cached_scorer, lexicon_key

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["score"]

# Partitions scored in this process, by lexicon path (tests read it on the
# workers, with the scorer builds of ``stancekit._workers``).
_PARTITIONS: Counter[str | None] = Counter()


def _worker_stats() -> dict[str, Any]:
    """This process's id, scorer builds and partitions scored, by lexicon path."""
    return {"pid": os.getpid(), "builds": dict(BUILDS), "partitions": dict(_PARTITIONS)}


def _check_num_threads(num_threads: int | None) -> None:
    if num_threads is None:
        return
    if isinstance(num_threads, bool) or not isinstance(num_threads, int) or num_threads < 0:
        raise ValueError(f"num_threads must be None or a non-negative int, not {num_threads!r}")


def _score_texts(scorer: Scorer, texts: Any, is_null: np.ndarray, num_threads: int | None) -> np.ndarray:
    """Scores ``texts``; rows where ``is_null`` is true are NaN (made by the core)."""
    if not is_null.any():
        return scorer.score_batch(texts, num_threads=num_threads)
    texts = [None if null else t for t, null in zip(texts, is_null)]
    return scorer.score_batch(texts, num_threads=num_threads, errors="nan")


def _score_partition(
    texts: pd.Series, lexicon_path: str | None, num_threads: int | None, axes: list[str]
) -> pd.DataFrame:
    """Scores one partition of the text column (runs on a worker)."""
    import pandas as pd

    scorer = cached_scorer(lexicon_path)
    if scorer.axes != axes:
        raise ValueError(
            f"the lexicon {lexicon_path!r} on this worker has axes {scorer.axes}, "
            f"but the client read {axes}: every worker must see the same file"
        )
    is_null = texts.isna().to_numpy(dtype=bool)
    matrix = _score_texts(scorer, texts.tolist(), is_null, num_threads)
    _PARTITIONS[lexicon_path] += 1
    return pd.DataFrame(
        {axis: matrix[:, j] for j, axis in enumerate(axes)}, index=texts.index, columns=axes
    )


def score(
    ddf: dd.DataFrame,
    column: str,
    *,
    lexicon_path: str | os.PathLike[str] | None = None,
    num_threads: int | None = 1,
) -> dd.DataFrame:
    """Stance scores of ``ddf[column]``: a lazy Dask DataFrame of the axes.

    The result has one ``float32`` column per axis of the lexicon (for the
    built-in lexicon: ``threat``, ``blame``, ``rigidity``, ``certainty``), in
    the lexicon's order, and *only* those columns: it has the index, the
    partitions and the divisions of ``ddf``, so
    ``dask.dataframe.concat([ddf, scores], axis=1)`` or ``ddf.join(scores)``
    puts the scores next to the input without a shuffle (rename first if
    ``ddf`` already has a column named like an axis).  Each value equals
    ``Scorer(lexicon).score_batch(texts)`` computed locally, bit for bit.
    Missing texts (``None``/``NaN``/``pd.NA``) score ``NaN`` on every axis;
    any other non-string value raises :class:`TypeError` when computed.

    ``lexicon_path`` is a lexicon file (see ``docs/lexicon-format.md``) or
    ``None`` for the built-in lexicon.  Only the path travels to the
    workers: each worker *process* reads the file and compiles the scorer
    the first time it needs it, then reuses it for all later partitions (a
    module-level cache keyed by the path), instead of rebuilding it, or
    unpickling a copy, for every partition.  The path must therefore name
    the same file on every worker (an absolute path on shared storage, or a
    file installed at the same place everywhere).  This process reads it
    too, right away, to learn the axes, so a bad file fails here, not on
    the cluster.

    ``num_threads`` is the number of threads the Rust scorer uses *within*
    one partition; it defaults to 1 because Dask already runs one task per
    worker thread, and a multi-threaded batch in each of them would start
    ``threads_per_worker x cores`` threads per machine and slow everything
    down by oversubscription.  Raise it only for workers with spare cores
    (for instance one worker thread on a many-core machine); ``None`` or 0
    uses one thread per core.

    The graph is built with ``map_partitions`` and an explicit ``meta``, so
    nothing is computed until you call ``.compute()`` or ``.persist()``.
    """
    _check_num_threads(num_threads)
    import dask.dataframe as dd
    from dask.dataframe.utils import make_meta

    if not isinstance(ddf, dd.DataFrame):
        raise TypeError(f"expected a dask.dataframe.DataFrame, not {type(ddf).__name__}")
    if column not in ddf.columns:
        raise KeyError(f"no column {column!r} in {list(ddf.columns)}")
    key = lexicon_key(lexicon_path)
    axes = cached_scorer(key).axes

    import pandas as pd

    input_meta = make_meta(ddf)
    meta = pd.DataFrame(
        {axis: np.array([], dtype=np.float32) for axis in axes},
        index=input_meta.index[:0],
        columns=axes,
    )
    return ddf[column].map_partitions(_score_partition, key, num_threads, axes, meta=meta)
