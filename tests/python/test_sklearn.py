"""stancekit.sklearn: StanceVectorizer as a scikit-learn transformer."""

import copy
import pickle

import numpy as np
import pytest

pytest.importorskip("sklearn")
pd = pytest.importorskip("pandas")

from sklearn.base import clone  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV, cross_val_score  # noqa: E402
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline  # noqa: E402

from stancekit import Lexicon, Scorer  # noqa: E402
from stancekit.pandas import score_frame  # noqa: E402
from stancekit.sklearn import StanceVectorizer  # noqa: E402

AXES = ["threat", "blame", "rigidity", "certainty"]
HOSTILE = [
    "We will retaliate against any attack.",
    "They will pay for this provocation.",
    "Any aggression will be met with a crushing response.",
    "We will not tolerate these threats and will respond.",
]
FRIENDLY = [
    "We welcome the constructive talks.",
    "We are ready for dialogue.",
    "Both sides agreed to continue the negotiations.",
    "We appreciate the cooperation of our partners.",
]
TEXTS = HOSTILE + FRIENDLY
LABELS = [1] * len(HOSTILE) + [0] * len(FRIENDLY)


@pytest.fixture
def custom_lexicon():
    return Lexicon.default().with_entries([("zorble-fluxing", [("threat", 2.0)])])


def test_transform_matches_score_batch_for_every_input_kind():
    expected = Scorer().score_batch(TEXTS)
    vec = StanceVectorizer()
    inputs = [
        TEXTS,
        tuple(TEXTS),
        iter(TEXTS),
        np.array(TEXTS),
        np.array(TEXTS, dtype=object),
        np.array(TEXTS, dtype=object).reshape(-1, 1),
        [[t] for t in TEXTS],
        pd.Series(TEXTS, index=range(100, 100 + len(TEXTS))),
        pd.Series(TEXTS, dtype="string"),
        pd.DataFrame({"text": TEXTS}),
    ]
    for X in inputs:
        out = vec.transform(X)  # stateless: no fit needed
        assert out.dtype == np.float32 and out.shape == (len(TEXTS), 4)
        np.testing.assert_array_equal(out, expected)
    np.testing.assert_array_equal(StanceVectorizer(num_threads=1).fit_transform(TEXTS), expected)
    assert vec.get_feature_names_out().tolist() == AXES
    assert vec.get_feature_names_out(["text"]).tolist() == AXES


def test_fit_returns_self_and_records_the_text_column():
    vec = StanceVectorizer()
    assert vec.fit(TEXTS) is vec
    assert not hasattr(vec, "n_features_in_") and not hasattr(vec, "feature_names_in_")
    vec.fit(pd.DataFrame({"text": TEXTS}))
    assert vec.n_features_in_ == 1 and vec.feature_names_in_.tolist() == ["text"]
    with pytest.raises(ValueError, match="fitted on column 'text'"):
        vec.transform(pd.DataFrame({"body": TEXTS}))
    vec.fit(TEXTS)  # refitting on 1-D input forgets the column
    assert not hasattr(vec, "feature_names_in_")
    vec.transform(pd.DataFrame({"body": TEXTS}))
    vec.fit(np.array(TEXTS).reshape(-1, 1))
    assert vec.n_features_in_ == 1 and not hasattr(vec, "feature_names_in_")


def test_bad_input_raises_clearly():
    vec = StanceVectorizer()
    with pytest.raises(TypeError, match="not a single str"):
        vec.transform("We will retaliate.")
    with pytest.raises(TypeError, match=r"item 1 is missing \(None\)"):
        vec.transform(["fine", None])
    with pytest.raises(TypeError, match=r"item 1 is missing \(nan\)"):
        vec.transform(np.array(["fine", np.nan], dtype=object))
    with pytest.raises(TypeError, match="item 0 is int, not str"):
        vec.transform([3])
    with pytest.raises(TypeError, match=r"item at position 1 \(index 'b'\) is missing"):
        vec.transform(pd.Series(["fine", None], index=["a", "b"]))
    with pytest.raises(ValueError, match="one text column, got 2 columns"):
        vec.transform(pd.DataFrame({"a": ["x"], "b": ["y"]}))
    with pytest.raises(ValueError, match=r"got shape \(1, 2\)"):
        vec.transform(np.array([["x", "y"]]))
    with pytest.raises(TypeError, match="lexicon must be None, a path or a stancekit.Lexicon"):
        StanceVectorizer(lexicon=3).fit(TEXTS)
    with pytest.raises(OSError):
        StanceVectorizer(lexicon="/nonexistent/lexicon.toml").fit(TEXTS)


def test_pipeline_with_logistic_regression():
    model = make_pipeline(StanceVectorizer(), LogisticRegression())
    model.fit(TEXTS, LABELS)
    assert model.predict(["We will retaliate.", "We welcome the talks."]).tolist() == [1, 0]
    assert cross_val_score(model, TEXTS, LABELS, cv=2).shape == (2,)
    search = GridSearchCV(model, {"stancevectorizer__num_threads": [1, 2]}, cv=2).fit(TEXTS, LABELS)
    assert search.best_params_["stancevectorizer__num_threads"] in (1, 2)


def test_set_output_pandas_keeps_the_index_and_matches_score_frame():
    vec = StanceVectorizer().set_output(transform="pandas")
    series = pd.Series(TEXTS, index=[f"doc{i}" for i in range(len(TEXTS))])
    out = vec.fit_transform(series)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == AXES
    assert out.index.equals(series.index)
    pd.testing.assert_frame_equal(out, score_frame(series), check_column_type=False)
    df_out = vec.transform(series.to_frame("text"))
    assert df_out.index.equals(series.index)
    assert list(vec.transform(TEXTS).index) == list(range(len(TEXTS)))


def test_column_transformer_and_feature_union():
    df = pd.DataFrame({"text": TEXTS, "length": [len(t) for t in TEXTS]})
    for columns in ("text", ["text"]):
        ct = ColumnTransformer([("stance", StanceVectorizer(), columns)], remainder="passthrough")
        out = ct.fit_transform(df)
        assert out.shape == (len(TEXTS), 5)
        assert ct.get_feature_names_out().tolist() == [f"stance__{a}" for a in AXES] + ["remainder__length"]
        model = Pipeline([("features", ct), ("clf", LogisticRegression())]).fit(df, LABELS)
        assert model.score(df, LABELS) == 1.0
    union = FeatureUnion([("stance", StanceVectorizer()), ("tfidf", TfidfVectorizer())])
    out = union.fit_transform(TEXTS)
    names = union.get_feature_names_out().tolist()
    assert out.shape == (len(TEXTS), len(names)) and names[:4] == [f"stance__{a}" for a in AXES]


def test_get_params_set_params_and_clone(custom_lexicon, tmp_path):
    vec = StanceVectorizer(num_threads=2)
    assert vec.get_params() == {"lexicon": None, "num_threads": 2}
    assert repr(vec) == "StanceVectorizer(num_threads=2)"
    vec.transform(TEXTS)  # builds and caches the scorer
    cloned = clone(vec)
    assert cloned.get_params() == vec.get_params() and "_scorer_cache" not in cloned.__dict__

    path = tmp_path / "lexicon.toml"
    path.write_text(custom_lexicon.to_toml())
    for lexicon in (custom_lexicon, str(path), path):
        vec = StanceVectorizer(lexicon=lexicon).set_output(transform="pandas")
        assert vec.transform(["More zorble-fluxing."])["threat"].iloc[0] > 0
        cloned = clone(vec)
        if isinstance(lexicon, Lexicon):
            assert cloned.lexicon is lexicon  # a Lexicon is shared, not copied
        else:
            assert cloned.lexicon == lexicon
        assert isinstance(cloned.transform(["More zorble-fluxing."]), pd.DataFrame)
        assert clone(make_pipeline(vec, LogisticRegression())).steps[0][1].lexicon == lexicon

    # set_params(lexicon=...) rebuilds the scorer.
    vec = StanceVectorizer()
    assert vec.transform(["More zorble-fluxing."])[0, 0] == 0
    vec.set_params(lexicon=custom_lexicon)
    assert vec.transform(["More zorble-fluxing."])[0, 0] > 0
    vec.set_params(lexicon=None)
    assert vec.transform(["More zorble-fluxing."])[0, 0] == 0


@pytest.mark.parametrize("dumps", ["pickle", "cloudpickle", "deepcopy"])
def test_pickle_leaves_the_scorer_out(custom_lexicon, dumps):
    if dumps == "cloudpickle":
        cloudpickle = pytest.importorskip("cloudpickle")
        roundtrip = lambda obj: pickle.loads(cloudpickle.dumps(obj))  # noqa: E731
    elif dumps == "pickle":
        roundtrip = lambda obj: pickle.loads(pickle.dumps(obj))  # noqa: E731
    else:
        roundtrip = copy.deepcopy
    for lexicon in (None, custom_lexicon):
        vec = StanceVectorizer(lexicon=lexicon, num_threads=1)
        expected = vec.transform(TEXTS + ["More zorble-fluxing."])  # scorer now cached
        assert "_scorer_cache" not in vec.__getstate__()
        again = roundtrip(vec)
        assert again.get_params(deep=False).keys() == vec.get_params(deep=False).keys()
        if lexicon is not None:
            assert isinstance(again.lexicon, Lexicon) and again.lexicon.hash == lexicon.hash
        np.testing.assert_array_equal(again.transform(TEXTS + ["More zorble-fluxing."]), expected)
    model = make_pipeline(StanceVectorizer(lexicon=custom_lexicon), LogisticRegression()).fit(TEXTS, LABELS)
    again = roundtrip(model)
    np.testing.assert_array_equal(again.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_tags_say_stateless_text_input():
    get_tags = pytest.importorskip("sklearn.utils").__dict__.get("get_tags")
    if get_tags is None:
        pytest.skip("scikit-learn < 1.6 has no get_tags")
    tags = get_tags(StanceVectorizer())
    assert tags.requires_fit is False
    assert tags.input_tags.string is True
    assert tags.input_tags.two_d_array is False
