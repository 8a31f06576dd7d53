"""Parity of stancekit's VADER profile with vaderSentiment 3.3.2.

Scores every text of VADER's ground-truth corpora with both and reports the
share of texts whose four outputs (neg, neu, pos, compound, after VADER's
rounding) are identical, and lists every difference.

    python scripts/vader_parity.py ../shared/vader [--show 50] [--json out.json]

Needs ``pip install vaderSentiment==3.3.2``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

KEYS = ("neg", "neu", "pos", "compound")


def read_corpora(folder: Path) -> list[tuple[str, str, float, str]]:
    """(file, id, human mean rating, text) of every `*_GroundTruth.txt` row."""
    rows = []
    for path in sorted(folder.glob("*_GroundTruth.txt")):
        text = path.read_text(encoding="utf-8-sig")
        for line in text.splitlines():
            if not line.strip():
                continue
            ident, mean, sentence = line.split("\t", 2)
            rows.append((path.name, ident, float(mean), sentence))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="folder of VADER's *_GroundTruth.txt files")
    parser.add_argument("--show", type=int, default=50, help="differences to print")
    parser.add_argument("--json", type=Path, help="write every difference to this file")
    args = parser.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

    from stancekit.vader import SentimentIntensityAnalyzer

    rows = read_corpora(args.folder)
    if not rows:
        print(f"no *_GroundTruth.txt files in {args.folder}", file=sys.stderr)
        return 2
    reference = Reference()
    ours = SentimentIntensityAnalyzer()
    batch = ours.polarity_scores_batch([r[3] for r in rows])
    differences = []
    for (name, ident, _, text), row in zip(rows, batch):
        expected = reference.polarity_scores(text)
        got = dict(zip(KEYS, map(float, row)))
        if any(expected[k] != got[k] for k in KEYS):
            differences.append({"file": name, "id": ident, "text": text, "vaderSentiment": expected, "stancekit": got})
    same = len(rows) - len(differences)
    print(f"{same} of {len(rows)} texts identical ({100 * same / len(rows):.3f}%), {len(differences)} differ")
    for d in differences[: args.show]:
        print(f"{d['file']}:{d['id']}: {d['text']!r}\n    vaderSentiment {d['vaderSentiment']}\n    stancekit      {d['stancekit']}")
    if args.json:
        args.json.write_text(json.dumps(differences, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
