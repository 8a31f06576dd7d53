"""Propose lexicon entries from rated data: words and phrases that no entry
covers and whose presence goes with what the lexicon misses.

Run as::

    python -m stancekit.propose --statements PATH [--unscon PATH] \\
        [--quadclass PATH] [--lexicon FILE] [--min-docs 3] [--top 25]

Only the *read* half of each file is used (see :func:`stancekit.eval.half_of`),
so that the check half stays a fair test of whatever is accepted. For each
axis and data set, the gold values are regressed on the lexicon's scores;
each n-gram of one to three words that occurs, outside every lexicon hit,
in at least ``min_docs`` items is listed with the mean residual of those
items and its t statistic. A positive residual says the items are rated
higher on the axis than the lexicon scores them.

The list is a reading aid, not a lexicon: an entry is worth adding only if
it is general vocabulary that a reader would accept out of context, and
only if the check half then improves or holds.

Exit codes: 0 success, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from stancekit import Scorer
from stancekit.eval import (
    VERBAL_CONFLICT,
    VERBAL_COOPERATION,
    EvalInputError,
    _lexicon,
    half_of,
    load_quadclass,
    load_statements,
    load_unscon,
)

__all__ = ["Candidate", "candidates", "main"]

#: Words that alone carry no stance; an n-gram needs one word outside them.
STOPWORDS = frozenset(
    """a an the and or of to in on at for with by from as is are was were be been
    being this that these those it its it's they them their we us our i you your he
    she his her has have had do does did will would can could may might must should
    shall not no there here which who whom what when where why how than then so
    such also very all any some each more most other into over about after before
    up down out off only just both either neither s said says""".split()
)

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


@dataclass
class Candidate:
    """An n-gram no entry covers, and what the lexicon misses where it occurs."""

    term: str
    docs: int
    mean_residual: float
    t: float


def _ngrams(text: str, covered: list[tuple[int, int]], n_max: int = 3) -> set[str]:
    """Lower-cased n-grams of consecutive words outside the covered spans
    and not across punctuation other than apostrophes and hyphens."""
    words = [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    out: set[str] = set()
    runs: list[list[str]] = [[]]
    for k, (w, a, b) in enumerate(words):
        inside = any(a < e and s < b for s, e in covered)
        joined = k > 0 and text[words[k - 1][2] : a].strip() == ""
        if inside or not joined:
            runs.append([])
        if not inside:
            runs[-1].append(w)
    for run in runs:
        for n in range(1, n_max + 1):
            for i in range(len(run) - n + 1):
                gram = run[i : i + n]
                if any(g not in STOPWORDS for g in gram):
                    out.add(" ".join(gram))
    return out


def candidates(
    texts: Sequence[str],
    gold: np.ndarray,
    score: np.ndarray,
    covered: Sequence[list[tuple[int, int]]],
    min_docs: int = 3,
) -> list[Candidate]:
    """The n-grams of ``texts`` (outside ``covered`` spans) in at least
    ``min_docs`` items, with the mean residual of ``gold`` regressed on
    ``score`` over those items, most positive t first.

    >>> texts = ["they lie", "they lie again", "they lie often", "we meet", "we meet", "we meet"]
    >>> gold = np.array([2.0, 2.0, 2.0, 0.0, 0.0, 0.0])
    >>> [c.term for c in candidates(texts, gold, np.zeros(6), [[]] * 6)][:2]
    ['lie', 'they lie']
    """
    y = np.asarray(gold, dtype=np.float64)
    x = np.asarray(score, dtype=np.float64)
    if x.std() > 0:
        b, a = np.polyfit(x, y, 1)
        residual = y - (a + b * x)
    else:
        residual = y - y.mean()
    sd = residual.std() or 1.0
    where: dict[str, list[int]] = defaultdict(list)
    for i, (text, spans) in enumerate(zip(texts, covered)):
        for gram in _ngrams(text, spans):
            where[gram].append(i)
    found = []
    for gram, items in where.items():
        if len(items) < min_docs:
            continue
        r = residual[items]
        t = float(r.mean() / (sd / math.sqrt(len(items))))
        found.append(Candidate(gram, len(items), float(r.mean()), t))
    found.sort(key=lambda c: (-c.t, c.term))
    return found


def _read_half(keys: Sequence[str]) -> list[int]:
    return [i for i, k in enumerate(keys) if half_of(k) == "read"]


def _report(title: str, found: list[Candidate], top: int) -> str:
    lines = [f"== {title}"]
    for label, part in (("rated higher than scored", found[:top]), ("rated lower than scored", found[::-1][:top])):
        lines.append(f"-- {label}")
        lines.extend(f"{c.t:+6.2f}  {c.mean_residual:+.2f}  {c.docs:4d}  {c.term}" for c in part)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stancekit.propose",
        description="List uncovered words and phrases that go with what the lexicon misses, "
        "on the read half of each data file.",
    )
    parser.add_argument("--statements", metavar="PATH", help="JSON Lines with 'id', 'text' and 'mean'")
    parser.add_argument("--unscon", metavar="PATH", help="JSON Lines with 'negative_evaluation'")
    parser.add_argument("--quadclass", metavar="PATH", help="TSV with 'text' and 'quadclass'")
    parser.add_argument("--lexicon", metavar="FILE", help="lexicon file (default: built-in)")
    parser.add_argument("--min-docs", type=int, default=3, metavar="N", help="default: 3")
    parser.add_argument("--top", type=int, default=25, metavar="N", help="default: 25 per list")
    args = parser.parse_args(argv)
    if args.statements is None and args.unscon is None and args.quadclass is None:
        parser.error("give --statements, --unscon or --quadclass PATH")
    try:
        scorer = Scorer(_lexicon(args.lexicon))
        axes = list(scorer.axes)
        sets = []
        if args.statements:
            items = load_statements(args.statements)
            keep = _read_half(items.keys)
            for axis in axes:
                rated = [i for i in keep if axis in items.gold[i]]
                sets.append((f"statements, {axis}", [items.texts[i] for i in rated], [items.gold[i][axis] for i in rated], [axis]))
        if args.unscon and "blame" in axes:
            items = load_unscon(args.unscon)
            keep = _read_half(items.keys)
            sets.append(("unscon, blame", [items.texts[i] for i in keep], [float(items.gold[i]) for i in keep], ["blame"]))
        if args.quadclass:
            items = load_quadclass(args.quadclass)
            keep = [i for i in _read_half(items.keys) if items.gold[i] in (VERBAL_CONFLICT, VERBAL_COOPERATION)]
            hostile = [a for a in ("threat", "blame") if a in axes]
            sets.append(("quadclass 3 vs 4, " + " + ".join(hostile), [items.texts[i] for i in keep], [float(items.gold[i] == VERBAL_CONFLICT) for i in keep], hostile))
    except EvalInputError as e:
        print(f"stancekit.propose: error: {e}", file=sys.stderr)
        return 2
    for title, texts, gold, on in sets:
        stances = [scorer.score(t) for t in texts]
        score = np.array([sum(s[a] for a in on) for s in stances])
        covered = [[c.char_span for c in s.contributions] for s in stances]
        found = candidates(texts, np.array(gold), score, covered, args.min_docs)
        print(_report(title, found, args.top))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
