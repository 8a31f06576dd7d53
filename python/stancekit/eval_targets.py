"""Measure stance toward actors against sentences rated per actor.

    python -m stancekit.eval_targets tests/data/targets/targets-quadclass.jsonl

Each line of the file is a sentence with ``targets``: actor id ->
``negative`` (blamed, threatened, criticized), ``positive`` (praised,
thanked, supported) or ``neutral``, and ``extra_actors`` for actors beyond
the built-in list. An actor's predicted direction comes from its
``blame + threat`` score: above ``margin`` negative, below ``-margin``
positive, else neutral. The baseline gives every actor the whole
statement's score, as a one-score-per-text tool would. Prints accuracy and
recall per direction for both, and the macro average.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from stancekit._stancekit import Actors, Scorer

DIRECTIONS = ("negative", "neutral", "positive")


def direction(scores: dict[str, float], margin: float) -> str:
    hostility = scores.get("blame", 0.0) + scores.get("threat", 0.0)
    if hostility > margin:
        return "negative"
    if hostility < -margin:
        return "positive"
    return "neutral"


def evaluate(path: Path, margin: float = 0.1, scorer: Scorer | None = None) -> dict[str, dict[str, float]]:
    """Accuracy, recall per direction and macro recall, for the attributed
    scores (``targets``) and the whole-statement baseline (``baseline``)."""
    scorer = scorer or Scorer()
    builtin = Actors.builtin()
    hits: dict[str, Counter] = {"targets": Counter(), "baseline": Counter()}
    totals: Counter = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        actors = builtin.extended(item.get("extra_actors") or {})
        result = scorer.score_targets(item["text"], actors)
        whole = direction({a: result.stance[a] for a in ("blame", "threat") if a in scorer.axes}, margin)
        for actor, expected in item["targets"].items():
            totals[expected] += 1
            got = result.targets.get(actor, {})
            hits["targets"][expected] += direction(got, margin) == expected
            # Named but not found, the baseline cannot score the actor either.
            hits["baseline"][expected] += (whole if actor in result.targets else "neutral") == expected
    report = {}
    for name, counts in hits.items():
        recall = {d: counts[d] / totals[d] for d in DIRECTIONS if totals[d]}
        report[name] = {
            "accuracy": sum(counts.values()) / sum(totals.values()),
            **{f"recall_{d}": r for d, r in recall.items()},
            "macro_recall": sum(recall.values()) / len(recall),
        }
    report["counts"] = {d: float(totals[d]) for d in DIRECTIONS}
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--margin", type=float, default=0.1)
    args = parser.parse_args(argv)
    report = evaluate(args.file, args.margin)
    counts = report.pop("counts")
    print(f"{int(sum(counts.values()))} actor ratings: " + ", ".join(f"{int(v)} {k}" for k, v in counts.items()))
    keys = list(report["targets"])
    print(f"{'':<10}" + "".join(f"{k:>18}" for k in keys))
    for name, row in report.items():
        print(f"{name:<10}" + "".join(f"{row[k]:>18.3f}" for k in keys))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
