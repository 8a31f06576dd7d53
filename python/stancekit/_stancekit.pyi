"""Type stubs for the compiled extension ``stancekit._stancekit``.

Checked against the built module by ``mypy.stubtest`` (tests/python/test_stubs.py).
The classes are final (PyO3 classes cannot be subclassed) and frozen.
"""

from os import PathLike
from typing import Any, Iterable, Literal, Mapping, NoReturn, Sequence, final, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import Self

__all__ = [
    "Lexicon",
    "Scorer",
    "Stance",
    "Contribution",
    "Factor",
    "LexiconError",
    "Calibration",
    "AxisReport",
    "Actors",
    "Targets",
    "calibrate",
    "__version__",
]

__version__: str

class LexiconError(ValueError):
    """A lexicon that could not be read; ``path`` and ``line`` say where."""

    path: str
    line: int | None

@final
class Lexicon:
    """Axes, weighted terms and the rules' vocabulary.

    Equal when their content hashes are; pickles by name when built in, by
    its TOML otherwise.
    """

    @staticmethod
    def default() -> Lexicon:
        """The built-in ``diplomatic-en`` lexicon."""
    @staticmethod
    def from_file(path: str | PathLike[str]) -> Lexicon:
        """Reads a ``.toml``, ``.json``, ``.csv``, ``.tsv``, LIWC ``.dic`` or quanteda
        ``.yml``/``.yaml`` lexicon file."""
    @staticmethod
    def vader() -> Lexicon:
        """VADER 3.3.2's lexicon (MIT licence, C.J. Hutto), one ``valence`` axis, with VADER's rule words as modifiers."""
    @staticmethod
    def from_vader_file(path: str | PathLike[str]) -> Lexicon:
        """Reads a lexicon file in VADER's format (``token<TAB>mean<TAB>sd<TAB>ratings``, the last duplicate winning)."""
    @staticmethod
    def from_toml(text: str) -> Lexicon:
        """Reads a lexicon from TOML text."""
    @staticmethod
    def from_json(text: str) -> Lexicon:
        """Reads a lexicon from JSON text of the TOML schema."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> Lexicon:
        """Reads a lexicon from a dict of the TOML schema."""
    def extended_by_file(self, path: str | PathLike[str]) -> Lexicon:
        """This lexicon extended by a file."""
    def with_entries(
        self, entries: Sequence[tuple[str, Sequence[tuple[str, float]]]], *, group: str = "user"
    ) -> Lexicon:
        """This lexicon with ``entries`` added or overriding, in group ``group``."""
    @property
    def axes(self) -> list[str]:
        """Axis ids, in output order."""
    @property
    def hash(self) -> str:
        """Content hash (``sha256:`` and 16 hex digits)."""
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    def to_toml(self) -> str:
        """The lexicon in the TOML format."""
    def to_json(self) -> str:
        """The lexicon as JSON of the TOML schema."""
    def to_dict(self) -> dict[str, Any]:
        """The lexicon as a dict of the TOML schema, for ``from_dict``."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object, /) -> bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[tuple[int, str, str, str]]]: ...

@final
class Factor:
    """A rule that multiplied a contribution, and the word that triggered it."""

    @property
    def rule(self) -> str:
        """``negation``, ``intensifier``, ``dampener``, ``hedge``, ``contrast``, ``caps`` or ``exclamation``."""
    @property
    def factor(self) -> float:
        """The multiplier it applied."""
    @property
    def trigger(self) -> str | None:
        """The modifier term that triggered it, if a word did."""
    @property
    def trigger_span(self) -> tuple[int, int] | None:
        """``(start, end)`` byte offsets of the trigger in the UTF-8 statement."""
    @property
    def trigger_char_span(self) -> tuple[int, int] | None:
        """``(start, end)`` character offsets of the trigger."""
    @property
    def axes(self) -> list[str] | None:
        """The axes it applies to, or None for all of them."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Contribution:
    """One lexicon hit and what it added to each axis."""

    @property
    def text(self) -> str:
        """The statement's text at the span."""
    @property
    def span(self) -> tuple[int, int]:
        """``(start, end)`` byte offsets in the UTF-8 statement."""
    @property
    def char_span(self) -> tuple[int, int]:
        """``(start, end)`` character offsets: ``stance.text[start:end] == text``."""
    @property
    def term(self) -> str:
        """The lexicon term that matched (``provoc*``)."""
    @property
    def group(self) -> str:
        """The term's group in the lexicon."""
    @property
    def sentence(self) -> int:
        """Sentence index of the hit."""
    @property
    def weights(self) -> dict[str, float]:
        """The term's weights, ``{axis: weight}``."""
    @property
    def values(self) -> dict[str, float]:
        """What it added to each axis, ``{axis: value}``."""
    @property
    def factors(self) -> list[Factor]:
        """The rules that changed it, in the order applied."""
    def __eq__(self, other: object, /) -> bool: ...

@final
class Stance:
    """The stance of one statement."""

    def __getitem__(self, key: str, /) -> float: ...
    # Implemented by the type's attribute slot, so absent from the class
    # dict at runtime (allowlisted for stubtest); it lets ``s.threat`` type.
    def __getattr__(self, name: str) -> float: ...
    @property
    def text(self) -> str:
        """The statement that was scored."""
    @property
    def axes(self) -> list[str]:
        """Axis ids, in order."""
    def as_dict(self) -> dict[str, float]:
        """``{axis: score}``, plus ``{axis}_raw`` and ``{axis}_hits``."""
    @property
    def contributions(self) -> list[Contribution]:
        """Every contribution, in text order."""
    def explain(self) -> str:
        """A plain-text table of the contributions."""
    @property
    def tokens(self) -> int:
        """Number of tokens."""
    @property
    def sentences(self) -> int:
        """Number of sentences."""
    @property
    def lexicon(self) -> str:
        """Hash of the lexicon that scored it."""
    def _repr_html_(self) -> str:
        """The notebook display."""

@final
class Scorer:
    """A compiled lexicon that scores statements. Pickles as its lexicon."""

    def __new__(cls, lexicon: Lexicon | None = None, profile: Literal["stancekit", "vader"] = "stancekit") -> Self: ...
    def score(self, text: str) -> Stance:
        """Scores one statement, with its explanation."""
    @overload
    def score_batch(
        self,
        texts: Iterable[str],
        *,
        num_threads: int | None = None,
        progress: bool = False,
        errors: Literal["raise"] = "raise",
    ) -> npt.NDArray[np.float32]: ...
    @overload
    def score_batch(
        self,
        texts: Iterable[str | float | None],
        *,
        num_threads: int | None = None,
        progress: bool = False,
        errors: Literal["nan"],
    ) -> npt.NDArray[np.float32]: ...
    @property
    def axes(self) -> list[str]:
        """Axis ids: the columns of ``score_batch``."""
    @property
    def lexicon(self) -> Lexicon:
        """The lexicon this scorer compiled."""
    @property
    def profile(self) -> Literal["stancekit", "vader"]:
        """The rule profile."""
    def polarity(self, text: str) -> dict[str, float]:
        """VADER's ``neg``, ``neu``, ``pos`` and ``compound``, rounded as vaderSentiment rounds them."""
    def polarity_batch(self, texts: Iterable[str], *, num_threads: int | None = None) -> npt.NDArray[np.float64]:
        """``polarity`` of many statements: one row each, columns ``neg``, ``neu``, ``pos``, ``compound``."""
    def score_targets(self, text: str, actors: Actors | None = None) -> Targets:
        """The stance toward each actor ``text`` names (the built-in actors when ``None``)."""
    def __reduce__(self) -> tuple[type[Scorer], tuple[Lexicon, str]]: ...

@final
class Actors:
    """Actors and their aliases: who a statement names. The speaker (we, us, our) is added."""

    def __new__(cls, actors: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]) -> Self: ...
    @staticmethod
    def builtin() -> Actors:
        """The built-in list of major states and organizations."""
    @staticmethod
    def from_file(path: str | PathLike[str]) -> Actors:
        """Actors from a TOML or JSON file of id to aliases."""
    def extended(self, more: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]]) -> Actors:
        """These actors and ``more``: a new id is added, a known one gets the new aliases too."""
    def speaking_as(self, id: str) -> Actors:
        """These actors as seen by a speaker of actor ``id``: its aliases name the speaker."""
    @property
    def ids(self) -> list[str]:
        """The actors' ids, the speaker last."""
    def mentions(self, text: str) -> list[tuple[str, int, int]]:
        """The mentions in ``text``: (actor id, start, end) in string indices."""

@final
class Targets:
    """A statement's stance toward each actor it names."""

    @property
    def stance(self) -> Stance:
        """The whole statement's stance."""
    @property
    def targets(self) -> dict[str, dict[str, float]]:
        """Actor id -> {axis: score}, for every actor named."""
    @property
    def mention_counts(self) -> list[tuple[str, int]]:
        """Actor id and how many times the statement names it."""
    @property
    def mentions(self) -> list[tuple[str, int, int]]:
        """Each mention: (actor id, start, end) in string indices."""
    @property
    def attributions(self) -> list[dict[str, Any]]:
        """Per attributed contribution: ``contribution``, ``actors``, ``rule``, ``mention``."""
    def toward(self, actor: str) -> list[Contribution]:
        """The contributions attributed to ``actor``: the words behind its stance."""
    def roles(self, actor: str) -> list[tuple[Contribution, str, float]]:
        """The contributions attributed to ``actor``, each with its rule and weight."""

@final
class AxisReport:
    """What calibration did to one axis, and how well each lexicon agrees with the ratings."""

    @property
    def axis(self) -> str:
        """The axis id."""
    @property
    def statements(self) -> int:
        """Statements rated on the axis."""
    @property
    def prior_spearman(self) -> float | None:
        """Spearman's ρ of the original lexicon's scores with the ratings."""
    @property
    def heldout_spearman(self) -> float | None:
        """Spearman's ρ of the cross-validated (held-out) predictions with the ratings."""
    @property
    def lambda_(self) -> float:
        """The chosen λ, in hits of evidence."""
    @property
    def scale(self) -> float:
        """Rating units per raw-score unit of the original lexicon."""
    @property
    def refitted(self) -> int:
        """Entries refitted."""
    @property
    def changed(self) -> int:
        """Entries whose weight changed."""
    def as_dict(self) -> dict[str, Any]:
        """The report as a dict (key ``lambda``)."""

@final
class Calibration:
    """A calibrated lexicon and one report per calibrated axis."""

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon with calibrated weights."""
    @property
    def report(self) -> list[AxisReport]:
        """One report per calibrated axis, in the lexicon's axis order."""
    def _repr_html_(self) -> str:
        """The report as an HTML table."""

def calibrate(
    texts: Sequence[str],
    ratings: Mapping[str, Sequence[float]],
    lexicon: Lexicon | None = None,
    *,
    options: dict[str, Any] | None = None,
) -> Calibration:
    """Refits ``lexicon``'s weights to ``ratings`` (NaN: not rated); see ``stancekit.calibrate``."""

def _lexicon_from_pickle(state: tuple[int, str, str, str]) -> Lexicon: ...
def _panic(message: str) -> NoReturn: ...
