"""Evaluate a lexicon against rated statements, UNSCon and QuadClass sentences.

Run as::

    python -m stancekit.eval --statements PATH --unscon PATH --quadclass PATH \\
        [--lexicon FILE] [--baseline vader|none] [--json] [--disagreements N]

At least one data path is required. Every figure is reported on two fixed
halves of its file and on the whole: the *read* half, whose disagreements a
developer may read and act on, and the *check* half, which is only measured.
An item's half is set by a hash of its id (:func:`half_of`), so it never
changes between runs, lexicons or machines. A change to the lexicon or the
rules is kept only if the check half improves or holds.

The figures:

* rated statements (JSON Lines with ``id``, ``text`` and ``mean`` = {axis:
  float}): Spearman's rank correlation of each axis score with the raters'
  mean, and the share of statements scoring exactly 0;
* UNSCon sentences (JSON Lines with ``id``, ``text`` and
  ``negative_evaluation`` 0 or 1): the ROC AUC of ``blame`` for negative
  evaluation;
* QuadClass sentences (TSV with ``text`` and ``quadclass``: 1 material
  conflict, 2 material cooperation, 3 verbal conflict, 4 verbal
  cooperation): the ROC AUC of ``threat + blame`` for verbal conflict (3)
  against verbal cooperation (4), and for conflict (1, 3) against
  cooperation (2, 4). A sentence's half is set by a hash of its text.

Beside each figure stands a baseline, vaderSentiment's compound score with
its sign flipped (one score, compared with every axis). ``--disagreements
N`` lists the N largest disagreements per axis, from the read half only.

Exit codes: 0 success, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import sys
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from stancekit import Lexicon, LexiconError, Scorer

__all__ = [
    "EvalInputError",
    "HALVES",
    "auc",
    "disagreements",
    "evaluate",
    "half_of",
    "main",
    "rankdata",
    "spearman",
]

BASELINES = ("vader", "none")

#: The two fixed halves of every data set, and the whole.
HALVES = ("read", "check", "all")

#: QuadClass codes, as in the data README.
MATERIAL_CONFLICT, MATERIAL_COOPERATION, VERBAL_CONFLICT, VERBAL_COOPERATION = 1, 2, 3, 4


class EvalInputError(ValueError):
    """A data or lexicon file that is missing or could not be read."""


# --------------------------------------------------------------------------- metrics


def rankdata(values: Any) -> np.ndarray:
    """Ranks 1..n, tied values sharing the average of their ranks."""
    x = np.asarray(values, dtype=np.float64).ravel()
    n = x.size
    order = np.argsort(x, kind="mergesort")
    sorted_x = x[order]
    # Start index of each run of equal values in sorted order.
    starts = np.flatnonzero(np.r_[True, sorted_x[1:] != sorted_x[:-1]])
    ends = np.r_[starts[1:], n]  # exclusive
    avg = (starts + ends + 1) / 2.0  # mean of 1-based ranks starts+1 .. ends
    ranks = np.empty(n, dtype=np.float64)
    ranks[order] = np.repeat(avg, ends - starts)
    return ranks


def spearman(x: Any, y: Any) -> float:
    """Spearman's rho: Pearson correlation of average ranks; NaN if undefined."""
    a = np.asarray(x, dtype=np.float64).ravel()
    b = np.asarray(y, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError(f"spearman: lengths differ ({a.size} vs {b.size})")
    if a.size < 2:
        return math.nan
    ra = rankdata(a) - (a.size + 1) / 2.0
    rb = rankdata(b) - (b.size + 1) / 2.0
    denom = math.sqrt(float(ra @ ra) * float(rb @ rb))
    if denom == 0.0:
        return math.nan
    return float(ra @ rb) / denom


def auc(scores: Any, labels: Any) -> float:
    """ROC AUC of ``scores`` for ``labels`` True (positive) against False.

    Mann-Whitney U / (n_pos * n_neg), ties between classes counted 1/2;
    NaN if either class is empty.
    """
    s = np.asarray(scores, dtype=np.float64).ravel()
    y = np.asarray(labels, dtype=bool).ravel()
    if s.shape != y.shape:
        raise ValueError(f"auc: lengths differ ({s.size} vs {y.size})")
    n_pos = int(y.sum())
    n_neg = y.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return math.nan
    u = float(rankdata(s)[y].sum()) - n_pos * (n_pos + 1) / 2.0
    return u / (n_pos * n_neg)


# --------------------------------------------------------------------------- halves


def half_of(key: str) -> str:
    """The fixed half of an item: ``"read"`` or ``"check"``, by the lowest
    bit of the first byte of the SHA-256 of its key (its id, or its text
    where the data has no id).

    >>> half_of("s0001"), half_of("s0003")
    ('check', 'read')
    """
    return "read" if hashlib.sha256(key.encode("utf-8")).digest()[0] & 1 == 0 else "check"


def _masks(keys: Sequence[str]) -> dict[str, np.ndarray]:
    read = np.array([half_of(k) == "read" for k in keys], dtype=bool)
    return {"read": read, "check": ~read, "all": np.ones(len(keys), dtype=bool)}


# --------------------------------------------------------------------------- data


@dataclass
class Items:
    """Texts with their keys (for the halves) and gold values."""

    keys: list[str]
    texts: list[str]
    gold: list[Any]


def _open(path: str | os.PathLike[str]):
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as e:
        raise EvalInputError(f"cannot read {os.fspath(path)!r}: {e.strerror or e}") from e


def _jsonl(path: str | os.PathLike[str], parse: Callable[[dict[str, Any]], tuple[str, str, Any]]) -> Items:
    items = Items([], [], [])
    with _open(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                key, text, gold = parse(json.loads(line))
                if not isinstance(text, str):
                    raise TypeError("'text' must be a string")
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise EvalInputError(f"{os.fspath(path)}:{lineno}: bad record: {e}") from e
            items.keys.append(str(key))
            items.texts.append(text)
            items.gold.append(gold)
    if not items.texts:
        raise EvalInputError(f"{os.fspath(path)}: no records")
    return items


def _statement(row: dict[str, Any]) -> tuple[str, str, dict[str, float]]:
    mean = row["mean"]
    if not isinstance(mean, dict):
        raise TypeError("'mean' must be an object")
    gold = {str(k): float(v) for k, v in mean.items() if v is not None}
    return row.get("id", row["text"]), row["text"], gold


def _unscon(row: dict[str, Any]) -> tuple[str, str, bool]:
    label = row["negative_evaluation"]
    if label not in (0, 1):
        raise ValueError(f"negative_evaluation must be 0 or 1, not {label!r}")
    return row.get("id", row["text"]), row["text"], bool(label)


def load_statements(path: str | os.PathLike[str]) -> Items:
    """Rated statements: keys (ids), texts and raters' means."""
    return _jsonl(path, _statement)


def load_unscon(path: str | os.PathLike[str]) -> Items:
    """UNSCon sentences: keys (ids), texts and negative evaluation."""
    return _jsonl(path, _unscon)


def load_quadclass(path: str | os.PathLike[str]) -> Items:
    """QuadClass sentences from a TSV with columns ``text`` and ``quadclass``;
    the key is the text."""
    items = Items([], [], [])
    with _open(path) as f:
        reader = csv.DictReader(f, delimiter="\t")
        missing = {"text", "quadclass"} - set(reader.fieldnames or ())
        if missing:
            raise EvalInputError(
                f"{os.fspath(path)}: missing column(s) {', '.join(sorted(missing))}"
            )
        for row in reader:
            try:
                label = int(str(row["quadclass"]).strip())
            except ValueError as e:
                raise EvalInputError(
                    f"{os.fspath(path)}:{reader.line_num}: bad quadclass label {row['quadclass']!r}"
                ) from e
            text = row["text"] or ""
            items.keys.append(text)
            items.texts.append(text)
            items.gold.append(label)
    return items


# --------------------------------------------------------------------------- scorers


def _vader() -> tuple[Callable[[Sequence[str]], np.ndarray] | None, str | None]:
    try:
        from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
            SentimentIntensityAnalyzer,
        )
    except ImportError:
        return None, (
            "baseline skipped: vaderSentiment is not installed "
            "(pip install vaderSentiment==3.3.2)"
        )
    analyzer = SentimentIntensityAnalyzer()

    def score(texts: Sequence[str]) -> np.ndarray:
        # Sign flipped: more negative sentiment = more threatening/accusatory.
        return np.array([-analyzer.polarity_scores(t)["compound"] for t in texts], dtype=np.float64)

    return score, None


def _none_if_nan(x: float) -> float | None:
    return None if math.isnan(x) else x


def _per_half(masks: dict[str, np.ndarray], metric: Callable[[np.ndarray], float]) -> dict[str, float | None]:
    return {h: _none_if_nan(metric(m)) for h, m in masks.items()}


def _counts(masks: dict[str, np.ndarray], y: np.ndarray | None = None) -> dict[str, Any]:
    if y is None:
        return {h: int(m.sum()) for h, m in masks.items()}
    return {h: {"positive": int((m & y).sum()), "negative": int((m & ~y).sum())} for h, m in masks.items()}


# --------------------------------------------------------------------------- evaluation


def evaluate(
    statements_path: str | os.PathLike[str] | None = None,
    quadclass_path: str | os.PathLike[str] | None = None,
    lexicon: Lexicon | str | os.PathLike[str] | None = None,
    baseline: str | None = "vader",
    unscon_path: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Evaluate a lexicon (default: built-in) and optionally the VADER
    baseline, on each half of each data file given.

    ``lexicon`` is a :class:`Lexicon`, a path to a lexicon file, or None.
    ``baseline`` is ``"vader"`` or ``"none"``/None. Each figure is a dict
    ``{"read": x, "check": x, "all": x}``; undefined figures (a constant
    score, an empty class, a missing axis) are None. Raises
    :class:`EvalInputError` for unreadable input, ValueError for bad
    arguments.
    """
    if statements_path is None and quadclass_path is None and unscon_path is None:
        raise ValueError("give statements_path, unscon_path, quadclass_path or several")
    if baseline is None:
        baseline = "none"
    if baseline not in BASELINES:
        raise ValueError(f"baseline must be one of {BASELINES}, not {baseline!r}")

    lex = _lexicon(lexicon)
    scorer = Scorer(lex)
    axes = list(scorer.axes)
    base_fn, base_note = _vader() if baseline == "vader" else (None, None)

    def systems(texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Each scorer's statements x axes matrix (the baseline repeats its
        one score on every axis)."""
        out = {"stancekit": np.asarray(scorer.score_batch(list(texts)), dtype=np.float64).reshape(-1, len(axes))}
        if base_fn is not None:
            out["baseline"] = np.repeat(base_fn(texts)[:, None], len(axes), axis=1)
        return out

    result: dict[str, Any] = {
        "axes": axes,
        "halves": list(HALVES),
        "lexicon": {"name": lex.name, "version": lex.version, "hash": lex.hash},
        "baseline": {
            "name": "vader" if base_fn is not None else None,
            "description": "vaderSentiment compound score, sign flipped" if base_fn else None,
            "note": base_note,
        },
        "statements": None,
        "unscon": None,
        "quadclass": None,
    }

    if statements_path is not None:
        items = load_statements(statements_path)
        masks = _masks(items.keys)
        block: dict[str, Any] = {"path": os.fspath(statements_path), "n": _counts(masks)}
        for name, scores in systems(items.texts).items():
            rho: dict[str, dict[str, float | None]] = {h: {} for h in HALVES}
            zero: dict[str, dict[str, float | None]] = {h: {} for h in HALVES}
            for i, axis in enumerate(axes):
                gold = np.array([g.get(axis, math.nan) for g in items.gold], dtype=np.float64)
                rated = ~np.isnan(gold)
                for h, m in masks.items():
                    keep = m & rated
                    rho[h][axis] = _none_if_nan(spearman(scores[keep, i], gold[keep]))
                    zero[h][axis] = float(np.mean(scores[m, i] == 0.0)) if m.any() else None
            block[name] = {"spearman": rho, "zero_share": zero}
        result["statements"] = block

    if unscon_path is not None:
        items = load_unscon(unscon_path)
        masks = _masks(items.keys)
        y = np.array(items.gold, dtype=bool)
        block = {"path": os.fspath(unscon_path), "n": _counts(masks, y)}
        if "blame" in axes:
            b = axes.index("blame")
            for name, scores in systems(items.texts).items():
                block[name] = {"auc": _per_half(masks, lambda m, s=scores: auc(s[m, b], y[m]))}
        else:
            block["note"] = "the lexicon has no 'blame' axis; AUC skipped"
        result["unscon"] = block

    if quadclass_path is not None:
        items = load_quadclass(quadclass_path)
        labels = np.array(items.gold, dtype=np.int64)
        block = {"path": os.fspath(quadclass_path)}
        hostile = [a for a in ("threat", "blame") if a in axes]
        scored = labels > 0
        texts = [t for t, keep in zip(items.texts, scored) if keep]
        keys = [k for k, keep in zip(items.keys, scored) if keep]
        labels = labels[scored]
        masks = _masks(keys)
        comparisons = {
            # verbal conflict (3) against verbal cooperation (4)
            "verbal": (labels == VERBAL_CONFLICT, np.isin(labels, (VERBAL_CONFLICT, VERBAL_COOPERATION))),
            # conflict (1, 3) against cooperation (2, 4)
            "conflict": (np.isin(labels, (MATERIAL_CONFLICT, VERBAL_CONFLICT)), np.ones(labels.size, bool)),
        }
        for key, (y, within) in comparisons.items():
            block[key] = {"n": _counts({h: m & within for h, m in masks.items()}, y)}
        if hostile:
            idx = [axes.index(a) for a in hostile]
            for name, scores in systems(texts).items():
                s = scores[:, idx].sum(axis=1) if name == "stancekit" else scores[:, 0]
                for key, (y, within) in comparisons.items():
                    block[key][name] = {
                        "auc": _per_half(masks, lambda m, y=y, w=within, s=s: auc(s[m & w], y[m & w]))
                    }
            block["score"] = " + ".join(hostile)
        else:
            block["note"] = "the lexicon has neither a 'threat' nor a 'blame' axis; AUC skipped"
        result["quadclass"] = block

    return result


def _lexicon(lexicon: Lexicon | str | os.PathLike[str] | None) -> Lexicon:
    if lexicon is None:
        return Lexicon.default()
    if isinstance(lexicon, Lexicon):
        return lexicon
    path = os.fspath(lexicon)
    try:
        return Lexicon.from_file(path)
    except (LexiconError, OSError) as e:
        raise EvalInputError(f"cannot load lexicon {path!r}: {e}") from e


# --------------------------------------------------------------------------- reading the read half


def disagreements(
    statements_path: str | os.PathLike[str],
    n: int = 5,
    lexicon: Lexicon | str | os.PathLike[str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The ``n`` statements of the *read* half whose rank under the lexicon
    differs most from their rank under the raters' mean, per axis, with
    their top contributions. The check half is never listed.
    """
    items = load_statements(statements_path)
    keep = [i for i, k in enumerate(items.keys) if half_of(k) == "read"]
    scorer = Scorer(_lexicon(lexicon))
    stances = [scorer.score(items.texts[i]) for i in keep]
    out: dict[str, list[dict[str, Any]]] = {}
    for axis in scorer.axes:
        rows = [(j, items.gold[i][axis]) for j, i in enumerate(keep) if axis in items.gold[i]]
        if len(rows) < 2:
            continue
        score = np.array([stances[j][axis] for j, _ in rows])
        gold = np.array([g for _, g in rows])
        gap = (rankdata(score) - rankdata(gold)) / len(rows)
        worst = np.argsort(-np.abs(gap), kind="mergesort")[:n]
        listed = []
        for w in worst:
            j = rows[w][0]
            i = keep[j]
            contributions = sorted(
                stances[j].contributions, key=lambda c: -abs(c.values.get(axis, 0.0))
            )
            listed.append(
                {
                    "id": items.keys[i],
                    "mean": float(gold[w]),
                    "score": float(score[w]),
                    "rank_gap": float(gap[w]),
                    "text": items.texts[i],
                    "terms": [
                        (c.term, round(c.values[axis], 3))
                        for c in contributions[:6]
                        if c.values.get(axis, 0.0)
                    ],
                }
            )
        out[axis] = listed
    return out


# --------------------------------------------------------------------------- output


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def format_table(result: dict[str, Any]) -> str:
    """The result as a text table: one row per metric, scorer and half."""
    axes = result["axes"]
    lex = result["lexicon"]
    base = result["baseline"]
    lines = [f"stancekit eval: lexicon {lex['name']} {lex['version']} ({lex['hash']})"]
    has_base = base["name"] is not None
    if has_base:
        lines.append(f"baseline: {base['description']}")
    systems = [("stancekit", "stancekit")] + ([("baseline", "vader")] if has_base else [])
    rows: list[list[str]] = []

    def add(label: str, block: dict[str, Any], metric: str, columns: Callable[[dict[str, Any]], list[str]]) -> None:
        first = True
        for key, name in systems:
            for h in HALVES:
                rows.append([label if first else "", name, h] + columns(block[key][metric][h]))
                first = False

    st = result["statements"]
    if st is not None:
        n = st["n"]
        lines.append(f"statements: {st['path']} (read {n['read']}, check {n['check']})")
        add("Spearman vs rater mean", st, "spearman", lambda v: [_fmt(v.get(a)) for a in axes])
        add("share of score == 0", st, "zero_share", lambda v: [_fmt(v.get(a), True) for a in axes])

    def auc_columns(axis: str) -> Callable[[float | None], list[str]]:
        return lambda v: [_fmt(v) if a == axis else "" for a in axes]

    un = result["unscon"]
    if un is not None:
        n = un["n"]["all"]
        lines.append(
            f"unscon: {un['path']} (negative evaluation {n['positive']}, none {n['negative']})"
        )
        if "note" in un:
            lines.append(f"note: {un['note']}")
        else:
            add("AUC unscon, blame", un, "auc", auc_columns("blame"))
    qc = result["quadclass"]
    if qc is not None:
        v, c = qc["verbal"]["n"]["all"], qc["conflict"]["n"]["all"]
        lines.append(
            f"quadclass: {qc['path']} (3 verbal conflict {v['positive']}, 4 verbal cooperation "
            f"{v['negative']}; conflict 1+3 {c['positive']}, cooperation 2+4 {c['negative']})"
        )
        if "note" in qc:
            lines.append(f"note: {qc['note']}")
        else:
            column = "threat" if "threat" in axes else "blame"
            add(f"AUC quadclass 3 vs 4, {qc['score']}", qc["verbal"], "auc", auc_columns(column))
            add(f"AUC quadclass 1+3 vs 2+4, {qc['score']}", qc["conflict"], "auc", auc_columns(column))

    header = ["metric", "scorer", "half"] + axes
    widths = [max(len(r[j]) for r in rows + [header]) for j in range(len(header))]

    def line(r: list[str]) -> str:
        left = [c.ljust(w) for c, w in zip(r[:3], widths[:3])]
        right = [c.rjust(w) for c, w in zip(r[3:], widths[3:])]
        return "  ".join(left + right).rstrip()

    lines.append("")
    lines.append(line(header))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in rows)
    if base["note"]:
        lines.append("")
        lines.append(f"note: {base['note']}")
    return "\n".join(lines)


def format_disagreements(found: dict[str, list[dict[str, Any]]]) -> str:
    """The read half's largest disagreements as text."""
    lines = []
    for axis, listed in found.items():
        lines.append(f"== {axis}: largest disagreements on the read half")
        for d in listed:
            terms = ", ".join(f"{t} {v:+.2f}" for t, v in d["terms"]) or "no term"
            lines.append(f"{d['id']}  mean {d['mean']:+.2f}  score {d['score']:+.2f}  ({terms})")
            lines.append(f"    {d['text']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stancekit.eval",
        description=(
            "Evaluate a stancekit lexicon against rated statements, UNSCon and QuadClass "
            "sentences, on a fixed read half and check half of each."
        ),
    )
    parser.add_argument("--statements", metavar="PATH", help="JSON Lines with 'id', 'text' and 'mean'")
    parser.add_argument(
        "--unscon", metavar="PATH", help="JSON Lines with 'id', 'text' and 'negative_evaluation'"
    )
    parser.add_argument("--quadclass", metavar="PATH", help="TSV with 'text' and 'quadclass'")
    parser.add_argument("--lexicon", metavar="FILE", help="lexicon file (default: built-in)")
    parser.add_argument("--baseline", choices=BASELINES, default="vader", help="default: vader")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument(
        "--disagreements",
        metavar="N",
        type=int,
        default=0,
        help="also list the N largest disagreements per axis on the read half of --statements",
    )
    args = parser.parse_args(argv)
    if args.statements is None and args.quadclass is None and args.unscon is None:
        parser.error("give --statements, --unscon or --quadclass PATH")  # exits 2
    if args.disagreements and args.statements is None:
        parser.error("--disagreements needs --statements")
    try:
        result = evaluate(args.statements, args.quadclass, args.lexicon, args.baseline, args.unscon)
        found = (
            disagreements(args.statements, args.disagreements, args.lexicon)
            if args.disagreements > 0
            else None
        )
    except EvalInputError as e:
        print(f"stancekit.eval: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        if found is not None:
            result["disagreements"] = found
        print(json.dumps(result, indent=2, allow_nan=False))
    else:
        print(format_table(result))
        if found is not None:
            print()
            print(format_disagreements(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
