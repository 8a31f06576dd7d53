"""spaCy integration: a ``"stancekit"`` pipeline component and ``._.stance`` attributes.

Needs the ``spacy`` extra (``pip install stancekit[spacy]``). No spaCy model is
needed: the component scores the text of docs and spans with stancekit's own
tokenizer, so it works in any pipeline, including ``spacy.blank("en")``.

The factory is registered under the name ``"stancekit"`` when this module is
imported, and through the ``spacy_factories`` entry point of the stancekit
distribution, so ``nlp.add_pipe("stancekit")`` works without importing it.

>>> import spacy
>>> import stancekit.spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("sentencizer")
>>> _ = nlp.add_pipe("stancekit")
>>> doc = nlp("We welcome the constructive talks. But we will retaliate against any attack.")
>>> doc._.stance
Stance(threat=+0.903, blame=-0.798, rigidity=+0.659, certainty=+0.636)
>>> [round(sent._.stance.threat, 3) for sent in doc.sents]
[-0.669, 0.949]
>>> span = doc[-4:-1]
>>> span.text, round(span._.stance["threat"], 3)
('against any attack', 0.707)

``doc._.stance`` and ``span._.stance`` are :class:`stancekit.Stance` objects,
computed by a getter on every access (scoring is fast, but bind the result to
a name rather than reading it in a loop). ``span._.stance`` scores the span's
text alone, without the rest of the doc. Docs that did not pass through the
component are scored with the built-in lexicon.

The component's config has one setting, ``lexicon``: the path of a lexicon
file (see the lexicon format docs), or ``None`` (default) for the built-in
lexicon::

    nlp.add_pipe("stancekit", config={"lexicon": "my_lexicon.toml"})

or, in a training config::

    [components.stancekit]
    factory = "stancekit"
    lexicon = "my_lexicon.toml"
"""

import os
import threading
from typing import Any, Dict, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

import stancekit
from stancekit import Lexicon, Scorer, Stance

__all__ = ["StanceComponent", "make_stancekit"]

# The key in ``Doc.user_data`` naming the lexicon file the component used
# (``None``: the built-in lexicon). A path, not a scorer, so that docs stay
# serializable with ``Doc.to_bytes`` and ``DocBin``.
_LEXICON_KEY = "stancekit.lexicon"

_scorers: Dict[str, Scorer] = {}
_scorers_lock = threading.Lock()


def _load_scorer(path: str) -> Scorer:
    scorer = Scorer(Lexicon.from_file(path))
    with _scorers_lock:
        _scorers[path] = scorer
    return scorer


def _scorer_for(lexicon: Optional[str]) -> Scorer:
    if lexicon is None:
        return stancekit._default_scorer()
    scorer = _scorers.get(lexicon)
    return scorer if scorer is not None else _load_scorer(lexicon)


def _doc_stance(doc: Doc) -> Stance:
    return _scorer_for(doc.user_data.get(_LEXICON_KEY)).score(doc.text)


def _span_stance(span: Span) -> Stance:
    return _scorer_for(span.doc.user_data.get(_LEXICON_KEY)).score(span.text)


def _is_ours(cls: Any) -> bool:
    getter = cls.get_extension("stance")[2]
    return getattr(getter, "__module__", None) == __name__


if not Doc.has_extension("stance"):
    Doc.set_extension("stance", getter=_doc_stance)
if not Span.has_extension("stance"):
    Span.set_extension("stance", getter=_span_stance)


class StanceComponent:
    """The ``"stancekit"`` pipeline component; build it with ``nlp.add_pipe("stancekit")``.

    Calling it on a doc records which lexicon scores the doc's (and its
    spans') ``._.stance``; the scores themselves are computed on access.

    Parameters
    ----------
    nlp, name:
        The pipeline and the component's name, as passed by spaCy.
    lexicon:
        Path of a lexicon file, or ``None`` for the built-in lexicon. The file
        is read (and checked) when the component is built.

    >>> import spacy
    >>> import stancekit.spacy
    >>> nlp = spacy.blank("en")
    >>> component = nlp.add_pipe("stancekit")
    >>> component.scorer.axes
    ['threat', 'blame', 'rigidity', 'certainty']
    """

    def __init__(
        self,
        nlp: Optional[Language] = None,
        name: str = "stancekit",
        *,
        lexicon: Optional[str] = None,
    ) -> None:
        for cls in (Doc, Span):
            if not _is_ours(cls):
                raise ValueError(
                    f"{cls.__name__}._.stance is already registered by another package; "
                    "the stancekit component cannot use it"
                )
        self.name = name
        self.lexicon: Optional[str] = None
        if lexicon is not None:
            self.lexicon = os.path.abspath(os.fspath(lexicon))
            _load_scorer(self.lexicon)  # read (and check) the file now

    @property
    def scorer(self) -> Scorer:
        """The :class:`stancekit.Scorer` behind ``._.stance`` for this component's docs."""
        return _scorer_for(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        doc.user_data[_LEXICON_KEY] = self.lexicon
        return doc

    def __repr__(self) -> str:
        return f"StanceComponent(name={self.name!r}, lexicon={self.lexicon!r})"


@Language.factory(
    "stancekit",
    default_config={"lexicon": None},
    assigns=["doc._.stance", "span._.stance"],
)
def make_stancekit(nlp: Language, name: str, lexicon: Optional[str]) -> StanceComponent:
    """The factory behind ``nlp.add_pipe("stancekit", config={"lexicon": ...})``."""
    return StanceComponent(nlp, name, lexicon=lexicon)
