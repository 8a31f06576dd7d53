"""pandas integration: score a text column into one float column per axis.

Needs the ``pandas`` extra (``pip install stancekit[pandas]``).

:func:`score_frame` turns a Series of statements (or one text column of a
DataFrame) into a DataFrame with one ``float32`` column per stance axis, on the
input's index, so the result lines up with (and can be joined back onto) the
data it came from:

>>> import pandas as pd
>>> from stancekit.pandas import score_frame
>>> df = pd.DataFrame(
...     {"speaker": ["Lavrov", "Blinken"],
...      "text": ["We will retaliate.", "We welcome the constructive talks."]},
...     index=["a", "b"],
... )
>>> scores = score_frame(df, "text")
>>> list(scores.columns)
['threat', 'blame', 'rigidity', 'certainty']
>>> list(scores.index)
['a', 'b']
>>> bool(scores.loc["a", "threat"] > 0 > scores.loc["b", "threat"])
True
>>> df.join(scores)[["speaker", "threat"]].round(3)
   speaker  threat
a   Lavrov   0.707
b  Blinken  -0.669

Importing this module also registers a ``.stance`` accessor on every Series
(see :class:`StanceAccessor`):

>>> df["text"].stance.scores().equals(scores)
True
>>> df["text"].stance.at("a").threat > 0
True

Text columns may have any pandas string dtype: ``object``, ``"string"``
(python or pyarrow storage), the pandas 3 default ``str`` dtype,
``pd.ArrowDtype(pa.string())`` or a categorical of strings. Missing values
(``None``, ``NaN``, ``pd.NA``) raise a :class:`TypeError` naming their position
unless ``errors="nan"``, which gives them a row of ``NaN`` instead; items that
are present but not strings (numbers, bytes, ...) always raise a ``TypeError``.

``stancekit.score_frame`` is the same function, imported on first use so that
``import stancekit`` does not import pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

import stancekit

if TYPE_CHECKING:
    from stancekit import Scorer, Stance

__all__ = ["StanceAccessor", "score_frame"]

Errors = Literal["raise", "nan"]


def _texts(series: pd.Series, *, errors: Errors = "raise") -> tuple[list[str | None], bool]:
    """The series' items, ``None`` where missing, and whether any is missing.

    Raises ``TypeError`` naming the position (and index label) of the first
    missing item (unless ``errors="nan"``) or non-string item.
    """
    if errors not in ("raise", "nan"):
        raise ValueError(f"errors must be 'raise' or 'nan', not {errors!r}")
    values = series.tolist()
    missing = np.asarray(series.isna(), dtype=bool)
    for position, value in enumerate(values):
        if missing[position]:
            if errors == "raise":
                raise TypeError(
                    f"item at position {position} (index {series.index[position]!r}) is missing "
                    f"({value!r}); drop or fill missing texts, or pass errors='nan' to get a row of NaN"
                )
            values[position] = None
        elif not isinstance(value, str):
            raise TypeError(
                f"item at position {position} (index {series.index[position]!r}) is "
                f"{type(value).__name__}, not str"
            )
    return values, bool(missing.any())


def _text_series(data: Any, column: str | None) -> pd.Series:
    if isinstance(data, pd.DataFrame):
        if column is None:
            if data.shape[1] != 1:
                raise ValueError(
                    f"score_frame() needs column= to pick the text column of a DataFrame with "
                    f"{data.shape[1]} columns: {list(data.columns)!r}"
                )
            return data.iloc[:, 0]
        if column not in data.columns:
            raise KeyError(
                f"column {column!r} is not in the DataFrame; its columns are {list(data.columns)!r}"
            )
        selected = data[column]
        if isinstance(selected, pd.DataFrame):
            raise ValueError(f"column {column!r} is not unique in the DataFrame")
        return selected
    if column is not None:
        raise TypeError(
            f"column= only applies to a DataFrame, not to {type(data).__name__}"
        )
    if isinstance(data, pd.Series):
        return data
    if isinstance(data, (str, bytes)):
        raise TypeError("score_frame() expects a Series or DataFrame of texts, not a single string")
    if isinstance(data, np.ndarray) and data.ndim != 1:
        raise ValueError(f"score_frame() expects one-dimensional texts, got an array of shape {data.shape}")
    return pd.Series(list(data), dtype=object)


def _scorer(scorer: Scorer | None) -> Scorer:
    return stancekit._default_scorer() if scorer is None else scorer


def score_frame(
    data: pd.Series | pd.DataFrame,
    column: str | None = None,
    *,
    scorer: Scorer | None = None,
    num_threads: int | None = None,
    errors: Errors = "raise",
) -> pd.DataFrame:
    """Score a Series (or a DataFrame's text column) into one column per axis.

    Parameters
    ----------
    data:
        A Series of texts, or a DataFrame whose ``column`` holds the texts. Any
        other iterable of ``str`` is scored as a Series with a default index.
    column:
        The text column of a DataFrame. It may be omitted only if the frame has
        exactly one column; a name the frame does not have raises ``KeyError``.
    scorer:
        The :class:`stancekit.Scorer` to use (e.g. with a custom lexicon);
        default: the built-in lexicon's shared scorer.
    num_threads:
        Passed to :meth:`stancekit.Scorer.score_batch`.
    errors:
        ``"raise"`` (default): a missing text (``None``/``NaN``/``pd.NA``) raises
        ``TypeError`` naming its position and index label. ``"nan"``: missing
        texts get a row of ``NaN``. Non-string items raise either way.

    Returns
    -------
    pandas.DataFrame
        One ``float32`` column per axis of the scorer's lexicon, in the
        lexicon's order, on ``data``'s index. The values equal
        ``scorer.score_batch(texts)`` row for row.

    >>> import pandas as pd
    >>> s = pd.Series(["We will retaliate.", None, "We welcome the talks."], dtype="string")
    >>> score_frame(s, errors="nan").round(3)
       threat  blame  rigidity  certainty
    0   0.707  0.196     0.447       0.33
    1     NaN    NaN       NaN        NaN
    2  -0.545 -0.762    -0.243       0.00
    >>> score_frame(s)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: item at position 1 (index 1) is missing (<NA>); ... or pass errors='nan' ...
    >>> score_frame(pd.DataFrame({"text": ["We will retaliate."]}), "body")
    Traceback (most recent call last):
    ...
    KeyError: "column 'body' is not in the DataFrame; its columns are ['text']"
    """
    series = _text_series(data, column)
    texts, _ = _texts(series, errors=errors)
    scorer = _scorer(scorer)
    # The core makes the NaN rows of missing texts.
    scores = scorer.score_batch(texts, num_threads=num_threads, errors=errors)
    return pd.DataFrame(scores, index=series.index, columns=scorer.axes, copy=False)


@pd.api.extensions.register_series_accessor("stance")
class StanceAccessor:
    """The ``.stance`` accessor on a Series of texts, registered on import of ``stancekit.pandas``.

    >>> import pandas as pd
    >>> import stancekit.pandas
    >>> s = pd.Series({"tass": "Russia would not give up its claims.", "ap": "We welcome the talks."})
    >>> s.stance.scores()["rigidity"].round(3)
    tass    0.677
    ap     -0.243
    Name: rigidity, dtype: float32
    >>> s.stance.at("tass").rigidity > 0
    True
    >>> print(s.stance.explain("tass"))  # doctest: +ELLIPSIS
    term ...
    "not give up" ...
    """

    def __init__(self, series: pd.Series) -> None:
        self._series = series

    def scores(
        self,
        *,
        scorer: Scorer | None = None,
        num_threads: int | None = None,
        errors: Errors = "raise",
    ) -> pd.DataFrame:
        """One column per axis on the series' index: ``score_frame(series, ...)``."""
        return score_frame(self._series, scorer=scorer, num_threads=num_threads, errors=errors)

    def at(self, label: Any, *, scorer: Scorer | None = None) -> Stance:
        """The :class:`stancekit.Stance` of the text with index ``label`` (as in ``Series.at``)."""
        value = self._series.at[label]
        if pd.api.types.is_scalar(value) and pd.isna(value):
            raise TypeError(f"item at index {label!r} is missing ({value!r})")
        if not isinstance(value, str):
            raise TypeError(f"item at index {label!r} is {type(value).__name__}, not str")
        return _scorer(scorer).score(value)

    def explain(self, label: Any, *, scorer: Scorer | None = None) -> str:
        """The contribution table (:meth:`stancekit.Stance.explain`) of the text with index ``label``."""
        return self.at(label, scorer=scorer).explain()
