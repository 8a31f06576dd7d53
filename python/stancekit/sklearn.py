"""scikit-learn integration: stance scores as features.

Needs the ``sklearn`` extra (``pip install stancekit[sklearn]``).

:class:`StanceVectorizer` is a stateless transformer from raw texts to a
``float32`` matrix with one column per stance axis, so stance features can be
used in a :class:`~sklearn.pipeline.Pipeline`, combined with other text
features in a :class:`~sklearn.pipeline.FeatureUnion` or applied to a text
column with a :class:`~sklearn.compose.ColumnTransformer`:

>>> from sklearn.linear_model import LogisticRegression
>>> from sklearn.pipeline import make_pipeline
>>> from stancekit.sklearn import StanceVectorizer
>>> texts = ["We will retaliate against any attack.", "We welcome the constructive talks.",
...          "They will pay for this provocation.", "We are ready for dialogue."]
>>> hostile = [1, 0, 1, 0]
>>> model = make_pipeline(StanceVectorizer(), LogisticRegression()).fit(texts, hostile)
>>> model.predict(["We will retaliate.", "We welcome the talks."]).tolist()
[1, 0]
"""

from __future__ import annotations

import copy
import os
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, TransformerMixin

from stancekit import Lexicon, Scorer

__all__ = ["StanceVectorizer"]


class _LexiconToml:
    """A :class:`stancekit.Lexicon` parameter in pickled state, as its TOML text."""

    __slots__ = ("toml",)

    def __init__(self, toml: str) -> None:
        self.toml = toml

    def __reduce__(self) -> tuple[Any, ...]:
        return (_LexiconToml, (self.toml,))


def _check_texts(values: list[Any]) -> list[str]:
    for position, value in enumerate(values):
        if not isinstance(value, str):
            if value is None or (isinstance(value, float) and value != value):
                raise TypeError(f"item {position} is missing ({value!r}); expected str")
            raise TypeError(f"item {position} is {type(value).__name__}, not str")
    return values


def _is_dataframe(X: Any) -> bool:
    return hasattr(X, "columns") and hasattr(X, "iloc") and getattr(X, "ndim", None) == 2


def _is_series(X: Any) -> bool:
    return hasattr(X, "iloc") and hasattr(X, "index") and getattr(X, "ndim", None) == 1


class StanceVectorizer(TransformerMixin, BaseEstimator):
    """Transform texts into their stance scores, one ``float32`` column per axis.

    The transformer is stateless: :meth:`fit` learns nothing and
    :meth:`transform` may be called without it. Each row equals
    ``Scorer(lexicon).score_batch(X)``; the :class:`~stancekit.Scorer` is built
    on first use, is not a parameter and is not pickled.

    Parameters
    ----------
    lexicon : None, str, os.PathLike or stancekit.Lexicon, default=None
        ``None`` for the built-in lexicon, the path of a lexicon file, or a
        :class:`~stancekit.Lexicon`. A ``Lexicon`` object is shared (not
        copied) by :func:`~sklearn.base.clone` and pickled as its TOML text.
    num_threads : int or None, default=None
        Threads for :meth:`stancekit.Scorer.score_batch` (``None``: all cores).

    Input
    -----
    ``X`` is a list, tuple, 1-D array or pandas Series of ``str``, or a
    one-column 2-D array or DataFrame of ``str`` (as a
    :class:`~sklearn.compose.ColumnTransformer` passes for a column list such
    as ``["text"]``). Missing values and other non-strings raise ``TypeError``
    naming the item; a single string raises ``TypeError``.

    Output features
    ---------------
    :meth:`get_feature_names_out` returns the plain axis ids of the lexicon
    (``threat``, ``blame``, ``rigidity``, ``certainty`` for the built-in one),
    the same column names as :func:`stancekit.score_frame`; containers such as
    ``FeatureUnion`` and ``ColumnTransformer`` prefix them with the step name.

    Attributes
    ----------
    n_features_in_ : int
        Set to 1 by :meth:`fit` on 2-D input (a one-column array or DataFrame);
        not set for 1-D input, as for scikit-learn's own text vectorizers.
    feature_names_in_ : ndarray of str
        The text column's name, set by :meth:`fit` on a DataFrame.

    >>> import pandas as pd
    >>> from stancekit.sklearn import StanceVectorizer
    >>> vec = StanceVectorizer()
    >>> vec.transform(["We will retaliate.", "We welcome the talks."]).round(3)
    array([[ 0.707,  0.196,  0.447,  0.33 ],
           [-0.545, -0.762, -0.243,  0.   ]], dtype=float32)
    >>> vec.get_feature_names_out().tolist()
    ['threat', 'blame', 'rigidity', 'certainty']
    >>> df = pd.DataFrame({"text": ["We will retaliate."]}, index=["tass"])
    >>> vec.set_output(transform="pandas").fit_transform(df).round(3)
          threat  blame  rigidity  certainty
    tass   0.707  0.196     0.447       0.33
    """

    def __init__(
        self,
        lexicon: Lexicon | str | os.PathLike[str] | None = None,
        num_threads: int | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.num_threads = num_threads

    # -- the lazily built scorer -------------------------------------------------

    def _get_scorer(self) -> Scorer:
        cached = self.__dict__.get("_scorer_cache")
        if cached is not None and cached[0] is self.lexicon:
            return cached[1]
        lexicon = self.lexicon
        if lexicon is None:
            import stancekit

            scorer = stancekit._default_scorer()
        elif isinstance(lexicon, Lexicon):
            scorer = Scorer(lexicon)
        elif isinstance(lexicon, (str, os.PathLike)):
            scorer = Scorer(Lexicon.from_file(lexicon))
        else:
            raise TypeError(
                "lexicon must be None, a path or a stancekit.Lexicon, "
                f"not {type(lexicon).__name__}"
            )
        self._scorer_cache = (lexicon, scorer)
        return scorer

    # -- input handling ----------------------------------------------------------

    def _texts(self, X: Any, *, fitting: bool) -> list[str]:
        if isinstance(X, (str, bytes)):
            raise TypeError(
                "StanceVectorizer expects an iterable of texts, not a single "
                f"{type(X).__name__}; wrap it in a list"
            )
        if _is_dataframe(X):
            if X.shape[1] != 1:
                raise ValueError(
                    "StanceVectorizer expects a DataFrame with one text column, got "
                    f"{X.shape[1]} columns: {list(X.columns)!r}; select the text column "
                    "(e.g. with a ColumnTransformer)"
                )
            name = X.columns[0]
            if fitting:
                self.n_features_in_ = 1
                self.feature_names_in_ = np.asarray([name], dtype=object)
            else:
                fitted = getattr(self, "feature_names_in_", None)
                if fitted is not None and str(fitted[0]) != str(name):
                    raise ValueError(
                        f"the text column is {name!r}, but the StanceVectorizer was fitted "
                        f"on column {fitted[0]!r}"
                    )
            return self._series_texts(X.iloc[:, 0])
        if fitting:
            for attribute in ("feature_names_in_", "n_features_in_"):
                self.__dict__.pop(attribute, None)
        if _is_series(X):
            return self._series_texts(X)
        if isinstance(X, np.ndarray):
            if X.ndim == 2 and X.shape[1] == 1:
                if fitting:
                    self.n_features_in_ = 1
                X = X[:, 0]
            elif X.ndim != 1:
                raise ValueError(
                    "StanceVectorizer expects a 1-D array of texts or a 2-D array with "
                    f"one column, got shape {X.shape}"
                )
            return _check_texts(X.tolist())
        values = list(X)
        if values and all(isinstance(v, (list, tuple)) and len(v) == 1 for v in values):
            values = [v[0] for v in values]  # a one-column 2-D list
        return _check_texts(values)

    @staticmethod
    def _series_texts(series: Any) -> list[str]:
        from stancekit.pandas import _texts

        texts, _ = _texts(series, errors="raise")
        return texts

    # -- the estimator API -----------------------------------------------------

    def fit(self, X: Any, y: Any = None) -> StanceVectorizer:
        """Check ``X`` and note its column name; learns nothing. Returns ``self``."""
        self._texts(X, fitting=True)
        self._get_scorer()  # fail early on a bad lexicon
        return self

    def transform(self, X: Any) -> npt.NDArray[np.float32]:
        """The stance scores of ``X``: a ``float32`` array of shape ``(n_texts, n_axes)``."""
        texts = self._texts(X, fitting=False)
        return self._get_scorer().score_batch(texts, num_threads=self.num_threads)

    def fit_transform(self, X: Any, y: Any = None, **fit_params: Any) -> npt.NDArray[np.float32]:
        """``fit(X).transform(X)``, checking and converting ``X`` once."""
        texts = self._texts(X, fitting=True)
        return self._get_scorer().score_batch(texts, num_threads=self.num_threads)

    def get_feature_names_out(self, input_features: Any = None) -> npt.NDArray[np.object_]:
        """The lexicon's axis ids, e.g. ``['threat', 'blame', 'rigidity', 'certainty']``.

        ``input_features`` is accepted for API compatibility and ignored: every
        output feature comes from the one text input.
        """
        return np.asarray(self._get_scorer().axes, dtype=object)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.one_d_array = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags

    def _more_tags(self) -> dict[str, Any]:  # scikit-learn < 1.6
        return {"X_types": ["string"], "requires_fit": False, "stateless": True}

    # -- clone and pickle --------------------------------------------------------

    def __sklearn_clone__(self) -> StanceVectorizer:
        if not isinstance(self.lexicon, Lexicon):
            return super().__sklearn_clone__()
        # A Lexicon is immutable and cannot be deep-copied: share it.
        params: dict[str, Any] = {
            name: value if isinstance(value, Lexicon) else copy.deepcopy(value)
            for name, value in self.get_params(deep=False).items()
        }
        new = type(self)(**params)
        for attribute in ("_metadata_request", "_sklearn_output_config"):
            if attribute in self.__dict__:
                setattr(new, attribute, copy.deepcopy(self.__dict__[attribute]))
        return new

    def __getstate__(self) -> dict[str, Any]:
        state = dict(super().__getstate__())
        state.pop("_scorer_cache", None)
        if isinstance(state.get("lexicon"), Lexicon):
            state["lexicon"] = _LexiconToml(state["lexicon"].to_toml())
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        state = dict(state)
        if isinstance(state.get("lexicon"), _LexiconToml):
            state["lexicon"] = Lexicon.from_toml(state["lexicon"].toml)
        super().__setstate__(state)
