"""stancekit.spacy: the "stancekit" pipeline component on a blank pipeline (no model download)."""

import os
import pickle
import subprocess
import sys
import textwrap

import pytest

spacy = pytest.importorskip("spacy")

import stancekit  # noqa: E402
import stancekit.spacy  # noqa: E402,F401  (registers the factory and the extensions)
from stancekit import Lexicon  # noqa: E402
from stancekit.spacy import StanceComponent  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

TEXT = "We welcome the constructive talks. But we will retaliate against any attack."
CUSTOM = "More zorble-fluxing."


@pytest.fixture
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("stancekit")
    return nlp


@pytest.fixture
def lexicon_path(tmp_path):
    path = tmp_path / "lexicon.toml"
    lexicon = Lexicon.default().with_entries([("zorble-fluxing", [("threat", 2.0)])])
    path.write_text(lexicon.to_toml())
    return path


def test_doc_and_span_stance(nlp):
    assert nlp.pipe_names == ["sentencizer", "stancekit"]
    doc = nlp(TEXT)
    assert isinstance(doc._.stance, stancekit.Stance)
    assert doc._.stance.as_dict() == stancekit.score(TEXT).as_dict()
    sents = list(doc.sents)
    assert len(sents) == 2
    for sent in sents:
        assert sent._.stance.as_dict() == stancekit.score(sent.text).as_dict()
    assert sents[0]._.stance.threat < 0 < sents[1]._.stance.threat
    span = doc[-4:-1]
    assert span.text == "against any attack"
    assert span._.stance["threat"] == stancekit.score("against any attack")["threat"]


def test_pipe_and_docs_without_the_component(nlp):
    texts = ["We will retaliate.", "We welcome the talks.", ""]
    for doc, text in zip(nlp.pipe(texts, batch_size=2), texts):
        assert doc._.stance.as_dict() == stancekit.score(text).as_dict()
    # Docs that never went through the component use the built-in lexicon.
    doc = nlp.make_doc("We will retaliate.")
    assert doc._.stance.as_dict() == stancekit.score("We will retaliate.").as_dict()


def test_lexicon_config(lexicon_path):
    nlp = spacy.blank("en")
    component = nlp.add_pipe("stancekit", config={"lexicon": str(lexicon_path)})
    assert isinstance(component, StanceComponent)
    assert component.lexicon == str(lexicon_path.resolve())
    assert nlp.config["components"]["stancekit"] == {"factory": "stancekit", "lexicon": str(lexicon_path)}
    doc = nlp(CUSTOM)
    assert doc[1:-1].text == "zorble-fluxing"
    assert doc._.stance.threat > 0 and doc[1:-1]._.stance.threat > 0
    assert spacy.blank("en").add_pipe("stancekit") is not None
    assert spacy.blank("en")(CUSTOM)._.stance.threat == 0  # other pipelines: built-in lexicon
    # The config round-trips into a new pipeline.
    again = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    assert again.pipe_names == ["stancekit"] and again(CUSTOM)._.stance.threat > 0


def test_bad_lexicon_fails_when_the_pipe_is_added(tmp_path):
    with pytest.raises(OSError):
        spacy.blank("en").add_pipe("stancekit", config={"lexicon": str(tmp_path / "missing.toml")})
    bad = tmp_path / "bad.toml"
    bad.write_text('[lexicon]\nname = "x"\n[[axes]]\nid = "t"\n[entries.g]\nwar = { tone = 1.0 }\n')
    with pytest.raises(stancekit.LexiconError):
        spacy.blank("en").add_pipe("stancekit", config={"lexicon": str(bad)})
    with pytest.raises(Exception):  # spaCy's config validation
        spacy.blank("en").add_pipe("stancekit", config={"lexicon": ["not", "a", "path"]})


def test_docs_serialize_and_keep_their_lexicon(lexicon_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("stancekit", config={"lexicon": str(lexicon_path)})
    doc = nlp(CUSTOM)
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.stance.threat == doc._.stance.threat > 0
    docbin = DocBin(store_user_data=True, docs=[doc])
    (restored,) = DocBin(store_user_data=True).from_bytes(docbin.to_bytes()).get_docs(nlp.vocab)
    assert restored._.stance.threat > 0


def test_pipeline_to_disk_and_pickled_component(nlp, tmp_path, lexicon_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded(TEXT)._.stance.as_dict() == nlp(TEXT)._.stance.as_dict()
    component = StanceComponent(None, "stancekit", lexicon=str(lexicon_path))
    again = pickle.loads(pickle.dumps(component))
    assert again.lexicon == component.lexicon and again.scorer.score(CUSTOM).threat > 0


def test_analysis_declares_the_attributes(nlp):
    summary = nlp.analyze_pipes(pretty=False)["summary"]["stancekit"]
    assert summary["assigns"] == ["doc._.stance", "span._.stance"]


def test_foreign_stance_extension_is_refused(monkeypatch):
    from spacy.tokens.underscore import Underscore

    monkeypatch.setitem(Underscore.doc_extensions, "stance", (None, None, lambda doc: 0.0, None))
    with pytest.raises(ValueError, match="already registered by another package"):
        spacy.blank("en").add_pipe("stancekit")
    monkeypatch.undo()
    assert spacy.blank("en").add_pipe("stancekit") is not None


@pytest.mark.parametrize("import_first", [False, True])
def test_entry_point_snippet(tmp_path, import_first):
    """The pyproject entry point makes the factory available without importing stancekit.spacy."""
    dist = tmp_path / "stancekit_entry_point_check-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: stancekit-entry-point-check\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text("[spacy_factories]\nstancekit = stancekit.spacy:make_stancekit\n")
    code = textwrap.dedent(
        f"""
        import sys
        if {import_first!r}:
            import stancekit.spacy
        import spacy
        nlp = spacy.blank("en")
        nlp.add_pipe("stancekit")
        assert "stancekit.spacy" in sys.modules
        print(nlp("We will retaliate.")._.stance.threat > 0)
        """
    )
    package_parent = os.path.dirname(os.path.dirname(stancekit.__file__))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), package_parent]))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"
