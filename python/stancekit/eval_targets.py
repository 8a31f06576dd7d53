"""Measure stance toward actors against sentences rated per actor.

Run as::

    python -m stancekit.eval_targets [--quadclass-targets PATH] \\
        [--actors-rated PATH] [--newsmtsc PATH] [--unscon PATH] [--json]

Every figure is given on the fixed *read* and *check* halves of its file
(:func:`stancekit.eval.half_of` of the item's id) and on the whole, beside a
baseline:

* ``--quadclass-targets`` (the project's 129 UN sentences,
  ``tests/data/targets/targets-quadclass.jsonl``): ``targets`` maps actor id
  to ``negative``, ``positive`` or ``neutral``; an actor's direction comes
  from its ``blame + threat`` (above ``margin`` negative, below ``-margin``
  positive). Share of actors whose direction is right, against giving every
  named actor the whole statement's direction.
* ``--actors-rated`` (``statements-actors-dev.jsonl``): per actor, the
  raters' mean blame and threat. Share of actors with ``|mean| >= 0.5``
  whose score toward them has the mean's sign (0 counts as wrong), against
  giving every actor the whole statement's score; and within a statement,
  the share of actor pairs whose means differ by 1 or more ordered as the
  raters ordered them (a tie counts half).
* ``--newsmtsc`` (``newsmtsc-train.jsonl``): each marked target is an
  actor named by its mentions; within sentences of two or more targets, the
  share of pairs of different polarity ordered by ``blame`` as the coders
  ordered them (more negative, more blame; a tie counts half). Chance is
  0.5.
* ``--unscon`` (``unscon-dev.jsonl``): for sentences of negative evaluation
  whose annotated target is a built-in actor and that name two or more
  actors (the speaker's own country left out), the share in which the
  target gets the highest blame of them, against taking the first actor
  named as the target.

Exit codes: 0 success, 2 usage error or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from stancekit._stancekit import Actors, Scorer
from stancekit.eval import HALVES, EvalInputError, half_of

__all__ = ["direction", "evaluate", "evaluate_all", "main", "speaker_actor"]

DIRECTIONS = ("negative", "neutral", "positive")

#: Rated actors whose mean is at least this far from 0 have a direction.
RATED = 0.5

#: Pairs of actors whose means differ by at least this much have an order.
ORDERED = 1.0

#: NewsMTSC polarity codes.
NEGATIVE, NEUTRAL, POSITIVE = 2.0, 4.0, 6.0


def direction(scores: dict[str, float], margin: float) -> str:
    hostility = scores.get("blame", 0.0) + scores.get("threat", 0.0)
    if hostility > margin:
        return "negative"
    if hostility < -margin:
        return "positive"
    return "neutral"


def _rows(path: str | os.PathLike[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise EvalInputError(f"cannot read {os.fspath(path)!r}: {e.strerror or e}") from e
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield lineno, json.loads(line)
            except ValueError as e:
                raise EvalInputError(f"{os.fspath(path)}:{lineno}: bad record: {e}") from e


class _Tally:
    """Hits and counts per half and per system."""

    def __init__(self) -> None:
        self.hits: dict[tuple[str, str], float] = defaultdict(float)
        self.n: dict[str, int] = defaultdict(int)

    def add(self, key: str, **hits: float) -> None:
        for half in (half_of(key), "all"):
            self.n[half] += 1
            for system, hit in hits.items():
                self.hits[(system, half)] += hit

    def report(self, *systems: str) -> dict[str, Any]:
        out: dict[str, Any] = {"n": {h: self.n[h] for h in HALVES}}
        for system in systems:
            out[system] = {h: (self.hits[(system, h)] / self.n[h] if self.n[h] else None) for h in HALVES}
        return out


def evaluate(path: Path, margin: float = 0.1, scorer: Scorer | None = None) -> dict[str, dict[str, float]]:
    """Accuracy, recall per direction and macro recall on the project's UN
    sentences, for the attributed scores (``targets``) and the
    whole-statement baseline (``baseline``)."""
    scorer = scorer or Scorer()
    builtin = Actors.builtin()
    hits: dict[str, dict[str, int]] = {"targets": defaultdict(int), "baseline": defaultdict(int)}
    totals: dict[str, int] = defaultdict(int)
    for _, item in _rows(path):
        actors = builtin.extended(item.get("extra_actors") or {})
        result = scorer.score_targets(item["text"], actors)
        whole = direction({a: result.stance[a] for a in ("blame", "threat") if a in scorer.axes}, margin)
        for actor, expected in item["targets"].items():
            totals[expected] += 1
            got = result.targets.get(actor, {})
            hits["targets"][expected] += direction(got, margin) == expected
            # Named but not found, the baseline cannot score the actor either.
            hits["baseline"][expected] += (whole if actor in result.targets else "neutral") == expected
    report: dict[str, dict[str, float]] = {}
    for name, counts in hits.items():
        recall = {d: counts[d] / totals[d] for d in DIRECTIONS if totals[d]}
        report[name] = {
            "accuracy": sum(counts.values()) / sum(totals.values()),
            **{f"recall_{d}": r for d, r in recall.items()},
            "macro_recall": sum(recall.values()) / len(recall),
        }
    report["counts"] = {d: float(totals[d]) for d in DIRECTIONS}
    return report


def _sign_hit(score: float, mean: float) -> float:
    return float(score != 0.0 and (score > 0) == (mean > 0))


def _order_hit(a: float, b: float, gold_a: float, gold_b: float) -> float:
    if a == b:
        return 0.5
    return float((a > b) == (gold_a > gold_b))


def speaker_actor(actors: Actors, speaker: str | None) -> Actors:
    """``actors`` as seen by the first actor that ``speaker`` (a speaker's
    name and office, "Ned Price (US State Department spokesperson)", or a
    delegation, "Russian Federation") names, or unchanged if it names none."""
    named = [a for a, _, _ in actors.mentions(speaker or "") if a != "speaker"]
    return actors.speaking_as(named[0]) if named else actors


def actors_rated(
    path: str | os.PathLike[str], scorer: Scorer, actors: Actors, speakers: bool = False
) -> dict[str, Any]:
    """Sign and within-statement order of the stance toward each rated actor;
    with ``speakers``, each statement is read as spoken by the actor its
    ``speaker`` field names (see :func:`speaker_actor`)."""
    axes = [a for a in ("blame", "threat") if a in scorer.axes]
    signs = {axis: _Tally() for axis in axes}
    orders = {axis: _Tally() for axis in axes}
    for _, item in _rows(path):
        seen_by = speaker_actor(actors, item.get("speaker")) if speakers else actors
        result = scorer.score_targets(item["text"], seen_by)
        key = str(item["id"])
        for axis in axes:
            # RATE-ACTORS.md's "other:Name" is the actor "Name" of a list that has it.
            rated = {
                a.removeprefix("other:"): r["mean"][axis]
                for a, r in item["actors"].items()
                if r["mean"].get(axis) is not None
            }
            got = {a: result.targets.get(a, {}).get(axis, 0.0) for a in rated}
            for actor, mean in rated.items():
                if abs(mean) >= RATED:
                    signs[axis].add(key, targets=_sign_hit(got[actor], mean), baseline=_sign_hit(result.stance[axis], mean))
            names = sorted(rated)
            for i, a in enumerate(names):
                for b in names[i + 1 :]:
                    if abs(rated[a] - rated[b]) >= ORDERED:
                        # The baseline gives both the same score: a tie.
                        orders[axis].add(key, targets=_order_hit(got[a], got[b], rated[a], rated[b]), baseline=0.5)
    return {
        "sign": {axis: t.report("targets", "baseline") for axis, t in signs.items()},
        "order": {axis: t.report("targets", "baseline") for axis, t in orders.items()},
    }


def newsmtsc(path: str | os.PathLike[str], scorer: Scorer) -> dict[str, Any]:
    """Within-sentence order of targets by blame, against the coders'."""
    tally = _Tally()
    for _, item in _rows(path):
        targets = item["targets"]
        if len(targets) < 2:
            continue
        text = item["sentence_normalized"]
        names = [f"target{i}" for i in range(len(targets))]
        aliases = {}
        for name, t in zip(names, targets):
            forms = {t["mention"]} | {m.get("mention", "") for m in t.get("further_mentions") or []}
            aliases[name] = sorted(f for f in forms if f.strip())
        try:
            actors = Actors(aliases)
        except ValueError:
            continue
        result = scorer.score_targets(text, actors)
        blame = {n: result.targets.get(n, {}).get("blame", 0.0) for n in names}
        key = str(item["primary_gid"])
        for i in range(len(names)):
            for j in range(i + 1, len(names)):
                pa, pb = targets[i]["polarity"], targets[j]["polarity"]
                if pa == pb:
                    continue
                # More negative polarity, more blame.
                tally.add(key, targets=_order_hit(blame[names[i]], blame[names[j]], -pa, -pb), baseline=0.5)
    return {"order": tally.report("targets", "baseline")}


def unscon_targets(
    path: str | os.PathLike[str], scorer: Scorer, actors: Actors, speakers: bool = False
) -> dict[str, Any]:
    """Whether the annotated target gets the top blame among the actors
    named; with ``speakers``, read as spoken by the delegation's country."""
    ids = set(actors.ids)
    tally = _Tally()
    for _, item in _rows(path):
        target = item.get("target")
        if item.get("negative_evaluation") != 1 or target not in ids:
            continue
        own = item.get("speaker_country", "")
        seen_by = speaker_actor(actors, own) if speakers else actors
        result = scorer.score_targets(item["text"], seen_by)
        named = [a for a, _, _ in result.mentions if a != "speaker" and not _is_own(a, own)]
        order = list(dict.fromkeys(named))
        if len(order) < 2 or target not in order:
            continue
        blame = {a: result.targets.get(a, {}).get("blame", 0.0) for a in order}
        top = max(blame.values())
        hit = float(blame[target] == top and sum(v == top for v in blame.values()) == 1)
        tally.add(str(item["id"]), targets=hit, baseline=float(order[0] == target))
    return {"top": tally.report("targets", "baseline")}


def _is_own(actor: str, country: str) -> bool:
    """The speaking delegation's own country, by its name in UNSCon."""
    names = {"US": "United States of America", "UK": "United Kingdom", "Russia": "Russian Federation"}
    return actor == country or names.get(actor) == country


def evaluate_all(
    actors_rated_path: str | os.PathLike[str] | None = None,
    newsmtsc_path: str | os.PathLike[str] | None = None,
    unscon_path: str | os.PathLike[str] | None = None,
    scorer: Scorer | None = None,
    speakers: bool = False,
) -> dict[str, Any]:
    """Every attribution figure of the files given, per half."""
    scorer = scorer or Scorer()
    actors = Actors.builtin()
    out: dict[str, Any] = {}
    if actors_rated_path is not None:
        out["actors_rated"] = actors_rated(actors_rated_path, scorer, actors, speakers)
    if newsmtsc_path is not None:
        out["newsmtsc"] = newsmtsc(newsmtsc_path, scorer)
    if unscon_path is not None:
        out["unscon"] = unscon_targets(unscon_path, scorer, actors, speakers)
    return out


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_table(result: dict[str, Any]) -> str:
    rows: list[list[str]] = []

    def add(label: str, block: dict[str, Any], baseline: str) -> None:
        for system, name in (("targets", "stancekit"), ("baseline", baseline)):
            rows.append([label if system == "targets" else "", name] + [_fmt(block[system][h]) for h in HALVES] + [str(block["n"]["all"]) if system == "targets" else ""])

    rated = result.get("actors_rated")
    if rated:
        for axis, block in rated["sign"].items():
            add(f"rated actors, sign of {axis}", block, "whole statement")
        for axis, block in rated["order"].items():
            add(f"rated actors, order by {axis}", block, "whole statement")
    if "newsmtsc" in result:
        add("newsmtsc, order by blame", result["newsmtsc"]["order"], "chance")
    if "unscon" in result:
        add("unscon, target has top blame", result["unscon"]["top"], "first named")
    header = ["figure", "scorer", *HALVES, "n"]
    widths = [max(len(r[j]) for r in rows + [header]) for j in range(len(header))]
    lines = ["  ".join(c.ljust(w) if j < 2 else c.rjust(w) for j, (c, w) in enumerate(zip(r, widths))).rstrip() for r in [header] + rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stancekit.eval_targets", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, nargs="?", help="UN sentences with a direction per actor (targets-quadclass.jsonl)")
    parser.add_argument("--margin", type=float, default=0.1)
    parser.add_argument("--actors-rated", metavar="PATH", help="statements-actors-dev.jsonl")
    parser.add_argument("--newsmtsc", metavar="PATH", help="newsmtsc-train.jsonl")
    parser.add_argument("--unscon", metavar="PATH", help="unscon-dev.jsonl")
    parser.add_argument(
        "--speakers",
        action="store_true",
        help="read each item as spoken by the actor its speaker field names (Actors.speaking_as)",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    args = parser.parse_args(argv)
    if not (args.file or args.actors_rated or args.newsmtsc or args.unscon):
        parser.error("give a file, --actors-rated, --newsmtsc or --unscon")
    try:
        result: dict[str, Any] = evaluate_all(
            args.actors_rated, args.newsmtsc, args.unscon, speakers=args.speakers
        )
        if args.file:
            result["quadclass_targets"] = evaluate(args.file, args.margin)
    except EvalInputError as e:
        print(f"stancekit.eval_targets: error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    if "quadclass_targets" in result:
        report = dict(result["quadclass_targets"])
        counts = report.pop("counts")
        print(f"{int(sum(counts.values()))} actor ratings: " + ", ".join(f"{int(v)} {k}" for k, v in counts.items()))
        keys = list(report["targets"])
        print(f"{'':<10}" + "".join(f"{k:>18}" for k in keys))
        for name, row in report.items():
            print(f"{name:<10}" + "".join(f"{row[k]:>18.3f}" for k in keys))
        print()
    if set(result) - {"quadclass_targets"}:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
