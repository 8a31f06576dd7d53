"""stancekit.pandas: score_frame and the .stance Series accessor."""

import os
import subprocess
import sys

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

import stancekit  # noqa: E402
from stancekit import Lexicon, Scorer  # noqa: E402
from stancekit.pandas import StanceAccessor, score_frame  # noqa: E402

TEXTS = [
    "We will retaliate against any attack.",
    "We welcome the constructive talks.",
    "Russia would not give up its claims.",
    "",
]
AXES = ["threat", "blame", "rigidity", "certainty"]


def _expected(texts, scorer=None):
    return (scorer or Scorer()).score_batch(list(texts))


def test_series_gives_one_float32_column_per_axis_on_its_index():
    index = pd.Index(["a", "b", "c", "d"], name="doc_id")
    frame = score_frame(pd.Series(TEXTS, index=index, name="text"))
    assert list(frame.columns) == AXES
    assert frame.index.equals(index) and frame.index.name == "doc_id"
    assert all(dtype == np.float32 for dtype in frame.dtypes)
    np.testing.assert_array_equal(frame.to_numpy(), _expected(TEXTS))


def test_dataframe_column_and_join_back():
    df = pd.DataFrame({"speaker": list("wxyz"), "text": TEXTS}, index=[10, 20, 30, 40])
    frame = score_frame(df, "text", num_threads=2)
    assert list(frame.index) == [10, 20, 30, 40]
    np.testing.assert_array_equal(frame.to_numpy(), _expected(TEXTS))
    joined = df.join(frame)
    assert joined.loc[10, "threat"] > 0 > joined.loc[20, "threat"]
    # A one-column frame needs no column name.
    np.testing.assert_array_equal(score_frame(df[["text"]]).to_numpy(), frame.to_numpy())


def test_column_errors_are_clear():
    df = pd.DataFrame({"speaker": ["x"], "text": ["We will retaliate."]})
    with pytest.raises(KeyError, match=r"column 'body' is not in the DataFrame; its columns are \['speaker', 'text'\]"):
        score_frame(df, "body")
    with pytest.raises(ValueError, match="needs column="):
        score_frame(df)
    with pytest.raises(TypeError, match="only applies to a DataFrame"):
        score_frame(df["text"], "text")
    with pytest.raises(ValueError, match="not unique"):
        score_frame(pd.DataFrame([["a", "b"]], columns=["text", "text"]), "text")
    with pytest.raises(TypeError, match="not a single string"):
        score_frame("We will retaliate.")


def test_other_iterables_get_a_default_index():
    frame = score_frame(iter(TEXTS))
    assert list(frame.index) == [0, 1, 2, 3]
    np.testing.assert_array_equal(frame.to_numpy(), _expected(TEXTS))


def _string_dtypes():
    pa = pytest.importorskip("pyarrow")
    return [
        object,
        "string",
        "string[python]",
        "string[pyarrow]",
        pd.StringDtype(na_value=np.nan) if hasattr(pd.StringDtype, "na_value") else "string",
        pd.ArrowDtype(pa.string()),
        pd.ArrowDtype(pa.large_string()),
        "category",
    ]


@pytest.mark.parametrize("dtype", _string_dtypes(), ids=repr)
def test_string_dtypes(dtype):
    series = pd.Series(TEXTS, dtype=dtype)
    np.testing.assert_array_equal(score_frame(series).to_numpy(), _expected(TEXTS))
    with_missing = pd.Series([TEXTS[0], None, TEXTS[1]], dtype=dtype, index=["a", "b", "c"])
    with pytest.raises(TypeError, match=r"item at position 1 \(index 'b'\) is missing"):
        score_frame(with_missing)
    frame = score_frame(with_missing, errors="nan")
    assert frame.loc["b"].isna().all()
    np.testing.assert_array_equal(frame.loc[["a", "c"]].to_numpy(), _expected(TEXTS[:2]))


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA], ids=repr)
def test_missing_values_in_object_columns(missing):
    series = pd.Series([TEXTS[0], TEXTS[1], missing], dtype=object)
    with pytest.raises(TypeError, match=r"item at position 2 \(index 2\) is missing.*errors='nan'"):
        score_frame(series)
    frame = score_frame(series, errors="nan")
    assert frame.iloc[2].isna().all() and frame.dtypes.eq(np.float32).all()
    np.testing.assert_array_equal(frame.iloc[:2].to_numpy(), _expected(TEXTS[:2]))
    all_missing = score_frame(pd.Series([missing, missing], dtype=object), errors="nan")
    assert all_missing.shape == (2, 4) and all_missing.isna().all().all()


def test_non_strings_raise_even_with_errors_nan():
    series = pd.Series(["fine", 3, None], index=["x", "y", "z"], dtype=object)
    for errors in ("raise", "nan"):
        with pytest.raises(TypeError, match=r"item at position 1 \(index 'y'\) is int, not str"):
            score_frame(series, errors=errors)
    with pytest.raises(ValueError, match="errors must be"):
        score_frame(pd.Series(["fine"]), errors="ignore")


def test_empty_and_duplicate_index():
    empty = score_frame(pd.Series([], dtype="string"))
    assert empty.shape == (0, 4) and list(empty.columns) == AXES
    dup = score_frame(pd.Series(TEXTS[:2], index=["k", "k"]))
    assert list(dup.index) == ["k", "k"]
    np.testing.assert_array_equal(dup.to_numpy(), _expected(TEXTS[:2]))


def test_custom_scorer():
    lexicon = Lexicon.default().with_entries([("zorble-fluxing", [("threat", 2.0)])])
    scorer = Scorer(lexicon)
    series = pd.Series(["More zorble-fluxing."])
    assert score_frame(series).loc[0, "threat"] == 0
    assert score_frame(series, scorer=scorer).loc[0, "threat"] > 0
    assert series.stance.scores(scorer=scorer).loc[0, "threat"] > 0


def test_accessor():
    series = pd.Series(TEXTS, index=["a", "b", "c", "d"])
    assert isinstance(series.stance, StanceAccessor)
    pd.testing.assert_frame_equal(series.stance.scores(), score_frame(series))
    stance = series.stance.at("c")
    assert stance.as_dict() == stancekit.score(TEXTS[2]).as_dict()
    assert "give up" in series.stance.explain("c")
    with_missing = pd.Series([None, "We will retaliate."])
    assert with_missing.stance.scores(errors="nan").iloc[0].isna().all()
    with pytest.raises(TypeError, match="item at index 0 is missing"):
        with_missing.stance.at(0)
    with pytest.raises(TypeError, match="item at index 0 is int, not str"):
        pd.Series([3], dtype=object).stance.at(0)


def test_top_level_score_frame_is_lazy():
    assert stancekit.score_frame is score_frame
    from stancekit import score_frame as again

    assert again is score_frame
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        stancekit.nope  # noqa: B018
    package_parent = os.path.dirname(os.path.dirname(stancekit.__file__))
    code = "import sys, stancekit; stancekit.score('x'); assert 'pandas' not in sys.modules, 'pandas imported'"
    env = dict(os.environ, PYTHONPATH=package_parent)
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
