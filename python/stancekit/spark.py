"""Score a text column of a Spark DataFrame on the executors.

:func:`score` returns the input DataFrame with one ``float`` (32-bit) column
per stance axis appended, computed with ``DataFrame.mapInArrow``: each
executor's Python worker receives Arrow record batches, scores the text
column with the Rust scorer and sends the batches back with the new columns.

.. code-block:: python

    import stancekit.spark

    scored = stancekit.spark.score(df, "text")   # df's columns + threat, blame, ...

Nothing is sent to the executors but the lexicon *path* (or ``None`` for the
built-in lexicon): each Python worker process compiles its own
:class:`~stancekit.Scorer` the first time it scores a batch and keeps it in a
module-level cache keyed by that path; Spark reuses Python workers between
tasks (``spark.python.worker.reuse``, on by default), so a worker builds it
once, not once per task or batch.

This module needs ``pyspark`` and ``pyarrow`` (``pip install
'stancekit[spark]'``), installed together with ``stancekit`` on the driver
*and* on every executor; it imports them only when :func:`score` is called.
See ``docs/distributed.md`` for a complete recipe.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Iterator

import numpy as np

from stancekit._workers import BUILDS, cached_scorer, lexicon_key

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    import pyarrow as pa
    from pyspark.sql import DataFrame

__all__ = ["score"]

def _worker_stats() -> dict[str, Any]:
    """This process's id and scorer builds, by lexicon path."""
    return {"pid": os.getpid(), "builds": dict(BUILDS)}


def _score_batches(
    batches: Iterator[pa.RecordBatch],
    *,
    column: str,
    lexicon_path: str | None,
    num_threads: int | None,
    axes: list[str],
) -> Iterator[pa.RecordBatch]:
    """The ``mapInArrow`` function: appends the axis columns to each batch."""
    import pyarrow as pa

    scorer = cached_scorer(lexicon_path)
    if scorer.axes != axes:
        raise ValueError(
            f"the lexicon {lexicon_path!r} on this executor has axes {scorer.axes}, "
            f"but the driver read {axes}: every executor must see the same file"
        )
    for batch in batches:
        texts = batch.column(batch.schema.get_field_index(column))
        is_null = texts.is_null().to_numpy(zero_copy_only=False)
        # A null text scores a row of NaN in the core, written as nulls.
        matrix = scorer.score_batch(texts.to_pylist(), num_threads=num_threads, errors="nan")
        if not is_null.any():
            is_null = None
        new = [
            pa.array(np.ascontiguousarray(matrix[:, j]), type=pa.float32(), mask=is_null)
            for j in range(len(axes))
        ]
        yield pa.RecordBatch.from_arrays(
            list(batch.columns) + new, names=list(batch.schema.names) + list(axes)
        )


def score(
    df: DataFrame,
    column: str,
    *,
    lexicon_path: str | os.PathLike[str] | None = None,
    num_threads: int | None = 1,
) -> DataFrame:
    """``df`` with the stance scores of ``df[column]`` appended, one column per axis.

    The result keeps every column of ``df``, in order, and adds one
    ``FloatType`` (32-bit, like :meth:`Scorer.score_batch`) column per axis of
    the lexicon (for the built-in lexicon: ``threat``, ``blame``,
    ``rigidity``, ``certainty``), so the values equal a local
    ``Scorer(lexicon).score_batch(texts)`` exactly.  ``column`` must be a
    string column; ``null`` texts get ``null`` scores.  An axis name that is
    already a column of ``df`` raises :class:`ValueError`: rename it first.
    The transformation is lazy, like any Spark transformation.

    ``lexicon_path`` is a lexicon file (see ``docs/lexicon-format.md``) or
    ``None`` for the built-in lexicon.  Only the path is shipped with the
    task: each executor's Python worker process reads the file and compiles
    the scorer the first time it needs it, then reuses it for every later
    batch and task (a module-level cache keyed by the path; Spark reuses its
    Python workers by default), instead of rebuilding it per batch or
    unpickling a copy per task.  The path must therefore name the same file
    on every executor (shared storage, or a file shipped with
    ``SparkContext.addFile`` at a known location).  The driver reads it too,
    right away, to learn the axes, so a bad file fails here and not in a task.

    ``num_threads`` is the number of threads the Rust scorer uses *within*
    one batch; it defaults to 1 because Spark already runs one task per
    executor core (``spark.task.cpus`` = 1), each in its own Python worker,
    and a multi-threaded batch in each of them would oversubscribe the cores
    (tasks x threads) and run slower.  Raise it only together with
    ``spark.task.cpus``; ``None`` or 0 uses one thread per core.
    """
    if num_threads is not None and (
        isinstance(num_threads, bool) or not isinstance(num_threads, int) or num_threads < 0
    ):
        raise ValueError(f"num_threads must be None or a non-negative int, not {num_threads!r}")
    from pyspark.sql import DataFrame as SparkDataFrame
    from pyspark.sql.types import FloatType, StringType, StructField, StructType

    if not isinstance(df, SparkDataFrame):
        raise TypeError(f"expected a pyspark.sql.DataFrame, not {type(df).__name__}")
    fields = {field.name: field for field in df.schema.fields}
    if column not in fields:
        raise KeyError(f"no column {column!r} in {df.columns}")
    if not isinstance(fields[column].dataType, StringType):
        raise TypeError(f"column {column!r} is {fields[column].dataType.simpleString()}, not string")
    key = lexicon_key(lexicon_path)
    axes = cached_scorer(key).axes
    taken = {name.lower() for name in fields}  # Spark resolves names case-insensitively
    clashes = [axis for axis in axes if axis.lower() in taken]
    if clashes:
        raise ValueError(f"df already has columns named like the axes {clashes}; rename them first")
    schema = StructType(
        list(df.schema.fields) + [StructField(axis, FloatType(), nullable=True) for axis in axes]
    )
    func = functools.partial(
        _score_batches, column=column, lexicon_path=key, num_threads=num_threads, axes=axes
    )
    return df.mapInArrow(func, schema)
