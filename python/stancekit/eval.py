"""Evaluate a lexicon against rated statements and QuadClass-labelled sentences.

Run as ``python -m stancekit.eval --statements PATH --quadclass PATH
[--lexicon FILE] [--baseline vader|none] [--json]``; at least one data path
is required. Per axis it reports:

* Spearman's rank correlation between the axis score and the raters' ``mean``
  on the statements file (JSON Lines: ``text`` and ``mean`` = {axis: float});
* the ROC AUC of the ``threat`` score for QuadClass 1 (verbal conflict,
  positive) against 3 (verbal cooperation) on the quadclass file (TSV with a
  header and columns ``text`` and ``quadclass``; other labels are ignored);
* the share of statements whose score on the axis is exactly 0 (no lexicon
  hit);

and the same figures for a baseline, vaderSentiment's compound score with its
sign flipped (one score, compared with every axis).

Exit codes: 0 success, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import sys
from typing import Any, Callable, Sequence

import numpy as np

from stancekit import Lexicon, LexiconError, Scorer

__all__ = ["EvalInputError", "auc", "evaluate", "main", "rankdata", "spearman"]

BASELINES = ("vader", "none")


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


# --------------------------------------------------------------------------- data


def _open(path: str | os.PathLike[str]):
    try:
        return open(path, encoding="utf-8", newline="")
    except OSError as e:
        raise EvalInputError(f"cannot read {os.fspath(path)!r}: {e.strerror or e}") from e


def load_statements(path: str | os.PathLike[str]) -> tuple[list[str], list[dict[str, float]]]:
    """Texts and raters' means from a JSON Lines file."""
    texts: list[str] = []
    means: list[dict[str, float]] = []
    with _open(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text = row["text"]
                mean = row["mean"]
                if not isinstance(text, str) or not isinstance(mean, dict):
                    raise TypeError("'text' must be a string and 'mean' an object")
                mean = {str(k): float(v) for k, v in mean.items() if v is not None}
            except (ValueError, KeyError, TypeError, AttributeError) as e:
                raise EvalInputError(f"{os.fspath(path)}:{lineno}: bad statement record: {e}") from e
            texts.append(text)
            means.append(mean)
    if not texts:
        raise EvalInputError(f"{os.fspath(path)}: no statements")
    return texts, means


def load_quadclass(path: str | os.PathLike[str]) -> tuple[list[str], list[int]]:
    """Texts and labels from a TSV with columns ``text`` and ``quadclass``."""
    texts: list[str] = []
    labels: list[int] = []
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
            texts.append(row["text"] or "")
            labels.append(label)
    return texts, labels


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


# --------------------------------------------------------------------------- evaluation


def _nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


def evaluate(
    statements_path: str | os.PathLike[str] | None = None,
    quadclass_path: str | os.PathLike[str] | None = None,
    lexicon: Lexicon | str | os.PathLike[str] | None = None,
    baseline: str | None = "vader",
) -> dict[str, Any]:
    """Evaluate a lexicon (default: built-in) and optionally the VADER baseline.

    ``lexicon`` is a :class:`Lexicon`, a path to a lexicon file, or None.
    ``baseline`` is ``"vader"`` or ``"none"``/None. Undefined figures (a
    constant score, an empty class, a missing axis) are None. Raises
    :class:`EvalInputError` for unreadable input, ValueError for bad arguments.
    """
    if statements_path is None and quadclass_path is None:
        raise ValueError("give statements_path, quadclass_path or both")
    if baseline is None:
        baseline = "none"
    if baseline not in BASELINES:
        raise ValueError(f"baseline must be one of {BASELINES}, not {baseline!r}")

    if lexicon is not None and not isinstance(lexicon, Lexicon):
        lexicon_path = os.fspath(lexicon)
        try:
            lexicon = Lexicon.from_file(lexicon_path)
        except (LexiconError, OSError) as e:
            raise EvalInputError(f"cannot load lexicon {lexicon_path!r}: {e}") from e
    scorer = Scorer(lexicon)
    lex = lexicon if lexicon is not None else Lexicon.default()
    axes = list(scorer.axes)

    base_fn, base_note = (None, None)
    if baseline == "vader":
        base_fn, base_note = _vader()

    result: dict[str, Any] = {
        "axes": axes,
        "lexicon": {"name": lex.name, "version": lex.version, "hash": lex.hash},
        "baseline": {
            "name": "vader" if base_fn is not None else None,
            "description": "vaderSentiment compound score, sign flipped" if base_fn else None,
            "note": base_note,
        },
        "statements": None,
        "quadclass": None,
    }

    if statements_path is not None:
        texts, means = load_statements(statements_path)
        scores = np.asarray(scorer.score_batch(texts), dtype=np.float64)
        systems = {"stancekit": lambda i: scores[:, i]}
        if base_fn is not None:
            base = base_fn(texts)
            systems["baseline"] = lambda i: base
        block: dict[str, Any] = {"path": os.fspath(statements_path), "n": len(texts)}
        for name, get in systems.items():
            rho: dict[str, float | None] = {}
            zero: dict[str, float | None] = {}
            n_rated: dict[str, int] = {}
            for i, axis in enumerate(axes):
                col = get(i)
                keep = np.array([axis in m for m in means], dtype=bool)
                gold = np.array([m.get(axis, math.nan) for m in means], dtype=np.float64)
                n_rated[axis] = int(keep.sum())
                rho[axis] = _nan_to_none(spearman(col[keep], gold[keep]))
                zero[axis] = float(np.mean(col == 0.0))
            block[name] = {"spearman": rho, "zero_share": zero}
        block["n_rated"] = n_rated
        result["statements"] = block

    if quadclass_path is not None:
        texts, labels = load_quadclass(quadclass_path)
        sel = [i for i, lab in enumerate(labels) if lab in (1, 3)]
        sub = [texts[i] for i in sel]
        y = np.array([labels[i] == 1 for i in sel], dtype=bool)
        block = {
            "path": os.fspath(quadclass_path),
            "n_positive": int(y.sum()),
            "n_negative": int((~y).sum()),
        }
        if "threat" in axes:
            scores = (
                np.asarray(scorer.score_batch(sub), dtype=np.float64)
                if sub
                else np.zeros((0, len(axes)))
            )
            threat = scores[:, axes.index("threat")]
            block["stancekit"] = {"auc": {"threat": _nan_to_none(auc(threat, y))}}
            if base_fn is not None:
                block["baseline"] = {"auc": {"threat": _nan_to_none(auc(base_fn(sub), y))}}
        else:
            block["note"] = "the lexicon has no 'threat' axis; AUC skipped"
        result["quadclass"] = block

    return result


# --------------------------------------------------------------------------- output


def _fmt(x: float | None, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def format_table(result: dict[str, Any]) -> str:
    axes = result["axes"]
    lex = result["lexicon"]
    base = result["baseline"]
    lines = [f"stancekit eval: lexicon {lex['name']} {lex['version']} ({lex['hash']})"]
    has_base = base["name"] is not None
    if has_base:
        lines.append(f"baseline: {base['description']}")
    rows: list[list[str]] = []
    systems = [("stancekit", "stancekit")] + ([("baseline", "vader")] if has_base else [])

    st = result["statements"]
    if st is not None:
        lines.append(f"statements: {st['path']} (n={st['n']})")
        for metric, label, pct in (
            ("spearman", "Spearman vs rater mean", False),
            ("zero_share", "share of score == 0", True),
        ):
            for k, (key, name) in enumerate(systems):
                vals = st[key][metric]
                rows.append(
                    [label if k == 0 else "", name] + [_fmt(vals.get(a), pct) for a in axes]
                )
    qc = result["quadclass"]
    if qc is not None:
        lines.append(
            f"quadclass: {qc['path']} (1 verbal conflict: {qc['n_positive']}, "
            f"3 verbal cooperation: {qc['n_negative']})"
        )
        if "note" in qc:
            lines.append(f"note: {qc['note']}")
        else:
            for k, (key, name) in enumerate(systems):
                vals = qc[key]["auc"]
                rows.append(
                    ["AUC quadclass 1 vs 3" if k == 0 else "", name]
                    + [_fmt(vals[a]) if a in vals else "" for a in axes]
                )
    header = ["metric", "scorer"] + axes
    widths = [max(len(r[j]) for r in rows + [header]) for j in range(len(header))]

    def line(r: list[str]) -> str:
        left = [r[0].ljust(widths[0]), r[1].ljust(widths[1])]
        right = [c.rjust(w) for c, w in zip(r[2:], widths[2:])]
        return "  ".join(left + right).rstrip()

    lines.append("")
    lines.append(line(header))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(line(r) for r in rows)
    if base["note"]:
        lines.append("")
        lines.append(f"note: {base['note']}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m stancekit.eval",
        description="Evaluate a stancekit lexicon against rated statements and QuadClass labels.",
    )
    parser.add_argument("--statements", metavar="PATH", help="JSON Lines with 'text' and 'mean'")
    parser.add_argument("--quadclass", metavar="PATH", help="TSV with 'text' and 'quadclass'")
    parser.add_argument("--lexicon", metavar="FILE", help="lexicon file (default: built-in)")
    parser.add_argument("--baseline", choices=BASELINES, default="vader", help="default: vader")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    args = parser.parse_args(argv)
    if args.statements is None and args.quadclass is None:
        parser.error("give --statements PATH, --quadclass PATH or both")  # exits 2
    try:
        result = evaluate(args.statements, args.quadclass, args.lexicon, args.baseline)
    except EvalInputError as e:
        print(f"stancekit.eval: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2, allow_nan=False))
    else:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
