"""Speed of stancekit's VADER profile against vaderSentiment 3.3.2, side by side.

Both score every text of VADER's ground-truth corpora (repeated ``--repeat``
times); vaderSentiment once per text, stancekit once per text too (the
drop-in ``polarity_scores``) and through ``polarity_scores_batch`` on one
thread and on all cores. Prints MB/s, texts/s and the ratios. A benchmark,
not a test: run it on a quiet machine.

    python benches/vader_speed.py ../shared/vader [--repeat 1] [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

# The corpus reader and the timer are python_bench's, beside this file.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from python_bench import best_of, load_texts  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="repeat the corpus this many times")
    parser.add_argument("--runs", type=int, default=20, help="best of this many runs (vaderSentiment: 1)")
    args = parser.parse_args(argv)

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer as Reference

    from stancekit.vader import SentimentIntensityAnalyzer

    texts = load_texts(args.folder) * args.repeat
    mb = sum(len(t.encode()) for t in texts) / 1e6
    reference = Reference()
    ours = SentimentIntensityAnalyzer()
    ours.polarity_scores_batch(texts[:100])  # warm up
    theirs = best_of(1, lambda: [reference.polarity_scores(t) for t in texts])
    single = best_of(args.runs, lambda: [ours.polarity_scores(t) for t in texts])
    one = best_of(args.runs, lambda: ours.polarity_scores_batch(texts, num_threads=1))
    cores = os.cpu_count() or 1
    many = best_of(args.runs, lambda: ours.polarity_scores_batch(texts))
    print(f"{len(texts)} texts, {mb:.2f} MB, {cores} cores")
    rows = [
        ("vaderSentiment 3.3.2", theirs),
        ("stancekit, one by one", single),
        ("stancekit, 1 thread", one),
        (f"stancekit, {cores} threads", many),
    ]
    for name, seconds in rows:
        print(f"  {name:24} {mb / seconds:8.2f} MB/s {len(texts) / seconds:12.0f} texts/s  {theirs / seconds:7.1f}x vaderSentiment")
    return 0


if __name__ == "__main__":
    sys.exit(main())
