"""Calibrating a lexicon to your own rated statements (see docs/calibration.md).

Thin wrappers over the compiled ``calibrate``: they accept ratings as lists
(with None for "not rated"), numpy arrays or pandas Series, and a DataFrame
with a text column and one column per axis.

>>> import stancekit
>>> lexicon = stancekit.Lexicon.from_dict({
...     "lexicon": {"name": "tone", "version": "1.0"},
...     "axes": [{"id": "tone"}],
...     "entries": {"words": {"outrage": {"tone": 2.0}, "regret": {"tone": 1.0}, "welcome": {"tone": -1.0}}},
... })
>>> words, truth = ["outrage", "regret", "welcome"], [2.0, -1.0, -1.0]
>>> texts = [f"{words[i % 3]} and {words[i // 3 % 3]}." for i in range(60)]
>>> tone = [(truth[i % 3] + truth[i // 3 % 3]) / 2 for i in range(60)]
>>> result = stancekit.calibrate(texts, {"tone": tone}, lexicon)
>>> result.lexicon.version, result.lexicon.to_dict()["entries"]["words"]["regret"]["tone"] < 0
('1.0+calibrated', True)
>>> report = result.report[0]
>>> report.heldout_spearman > report.prior_spearman
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from stancekit._stancekit import Calibration, Lexicon
from stancekit._stancekit import calibrate as _calibrate

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["calibrate", "calibrate_frame"]


def _ratings(axis: str, values: Any) -> list[float]:
    """One axis' ratings as floats, NaN where missing (None, NaN, pandas.NA).

    A Series is read by position, never by its index labels.
    """
    if hasattr(values, "to_numpy"):
        array = values.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        array = np.asarray(values, dtype=np.float64)
    if array.ndim != 1:
        raise ValueError(f"ratings for axis {axis!r} must be one-dimensional, not of shape {array.shape}")
    return array.tolist()


def calibrate(
    texts: Iterable[str],
    ratings: Mapping[str, Sequence[float | None] | Any],
    lexicon: Lexicon | None = None,
    *,
    folds: int = 5,
    seed: int = 0,
    min_hits: int = 2,
    lambdas: Sequence[float] | None = None,
    name: str | None = None,
    version: str | None = None,
) -> Calibration:
    """Refit the weights of ``lexicon`` (the built-in one by default) to your ratings.

    ``ratings`` maps an axis id to one rating per text (a list, numpy array
    or pandas Series; None or NaN where a text is not rated on that axis).
    Per axis, the weights of the entries that weigh it are fitted by ridge
    regression towards their current values, λ chosen by ``folds``-fold
    cross-validation (folds dealt from ``seed``; ``lambdas`` is the grid);
    entries with fewer than ``min_hits`` hits, other axes and the modifiers
    stay as they are. The result's ``.lexicon`` is the calibrated lexicon
    (named ``name``, versioned ``version`` or ``<old>+calibrated``), its
    ``.report`` one ``AxisReport`` per axis with the original lexicon's
    Spearman ρ and the held-out ρ of the calibrated one.

    Bad ratings or options raise ``ValueError``, naming the axis.
    """
    texts = list(texts)
    columns = {str(axis): _ratings(str(axis), values) for axis, values in ratings.items()}
    options = {
        "folds": folds,
        "seed": seed,
        "min_hits": min_hits,
        "lambdas": None if lambdas is None else [float(x) for x in lambdas],
        "name": name,
        "version": version,
    }
    return _calibrate(texts, columns, lexicon, options=options)


def calibrate_frame(
    frame: pd.DataFrame,
    text: str = "text",
    axes: Sequence[str] | None = None,
    lexicon: Lexicon | None = None,
    **options: Any,
) -> Calibration:
    """``calibrate`` on a DataFrame: statements in column ``text``, one column of ratings per axis.

    ``axes`` defaults to every axis of the lexicon that is a column of
    ``frame``; ``options`` are those of ``calibrate``.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"text": ["We will retaliate."] * 10, "threat": [1.0] * 10})
    >>> calibrate_frame(frame).report[0].statements
    10
    """
    lexicon = lexicon if lexicon is not None else Lexicon.default()
    if axes is None:
        axes = [axis for axis in lexicon.axes if axis in frame.columns]
        if not axes:
            raise ValueError(f"no column of the frame is an axis of the lexicon ({', '.join(lexicon.axes)})")
    return calibrate(frame[text], {axis: frame[axis] for axis in axes}, lexicon, **options)
