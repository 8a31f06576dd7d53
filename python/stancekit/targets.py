"""Stance toward each actor, as pandas frames: one row per statement, actor
named and axis, and the means by speaker, target, date or any column.

Needs the ``pandas`` extra (``pip install stancekit[pandas]``).

>>> import pandas as pd
>>> from stancekit.targets import targets_frame, stance_by
>>> df = pd.DataFrame({
...     "speaker": ["Lavrov", "Lavrov", "Blinken"],
...     "text": [
...         "We welcome the constructive answer of Washington, but we condemn the provocations of NATO.",
...         "NATO is escalating tensions.",
...         "We call on Moscow to de-escalate and remain committed to diplomacy.",
...     ],
... })
>>> long = targets_frame(df, "text")
>>> list(long.columns)
['statement', 'target', 'axis', 'score']
>>> sorted(long["target"].unique())
['NATO', 'Russia', 'US']
>>> means = stance_by(long, ["speaker", "target"], data=df)
>>> list(means.columns)
['speaker', 'target', 'axis', 'mean', 'count', 'sd', 'sem']
>>> row = means.query("speaker == 'Lavrov' and target == 'NATO' and axis == 'blame'").iloc[0]
>>> int(row["count"]), bool(row["mean"] > 0)
(2, True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from stancekit._stancekit import Actors, Scorer

__all__ = ["targets_frame", "stance_by"]


def targets_frame(
    data: pd.DataFrame | pd.Series | Iterable[str],
    text: str | None = None,
    *,
    scorer: Scorer | None = None,
    actors: Actors | None = None,
) -> pd.DataFrame:
    """The stance toward each actor each statement names, in long format:
    one row per (statement, target, axis), with ``statement`` the input's
    index label (or position for a plain iterable).

    ``text`` names the text column of a DataFrame. Missing texts are
    skipped. ``actors`` defaults to the built-in list.
    """
    if isinstance(data, pd.DataFrame):
        if text is None:
            raise TypeError("targets_frame(frame, text): name the text column")
        series = data[text]
    elif isinstance(data, pd.Series):
        series = data
    else:
        series = pd.Series(list(data))
    scorer = scorer or Scorer()
    actors = actors or Actors.builtin()
    rows: list[tuple[Any, str, str, float]] = []
    for label, value in series.items():
        if not isinstance(value, str):
            continue
        for target, axes in scorer.score_targets(value, actors).targets.items():
            rows.extend((label, target, axis, score) for axis, score in axes.items())
    return pd.DataFrame(rows, columns=["statement", "target", "axis", "score"])


def stance_by(
    long: pd.DataFrame,
    by: Sequence[str],
    *,
    data: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Mean, count, standard deviation and standard error of the scores in
    ``long`` (from :func:`targets_frame`) per group of ``by`` and axis.

    ``by`` may name ``target`` and any column of ``data``, the frame the
    statements came from (joined on ``statement``), such as ``speaker`` or
    a date column (bucket dates first, e.g. ``df["month"] =
    df["date"].dt.to_period("M")``).
    """
    frame = long
    extra = [key for key in by if key not in long.columns]
    if extra:
        if data is None:
            raise KeyError(f"{extra} are not columns of the scores; pass the statements' frame as data=")
        frame = long.join(data[extra], on="statement")
    grouped = frame.groupby([*by, "axis"], sort=True, observed=True)["score"]
    out = grouped.agg(mean="mean", count="count", sd="std").reset_index()
    out["sd"] = out["sd"].fillna(0.0)
    out["sem"] = out["sd"] / out["count"] ** 0.5
    return out
