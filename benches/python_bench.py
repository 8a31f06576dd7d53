"""Python-side throughput, with ratios measured in one run.

Scores the VADER ground-truth texts (``../shared/vader`` by default, or the
folder given as the first argument) three ways and prints MB/s and ratios:

1. ``Scorer.score_batch`` from Python, on 1 thread and on all cores;
2. the Rust batch call on the same texts, measured by the criterion bench's
   quick summary (``cargo bench --bench scoring`` with
   ``STANCEKIT_BENCH_QUICK=1``), which the project targets at most 10% above
   the Python call's cost;
3. ``vaderSentiment``'s ``polarity_scores`` (one core), the usual baseline.

Run from the repository root, with the package installed::

    python3 benches/python_bench.py [VADER_DIR]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path


def load_texts(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.glob("*_GroundTruth.txt")):
        for line in path.read_bytes().decode("utf-8", "replace").splitlines():
            parts = line.split("\t", 2)
            if len(parts) == 3:
                texts.append(parts[2].rstrip("\r"))
    if not texts:
        sys.exit(f"no *_GroundTruth.txt texts under {folder}")
    return texts


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def rust_batch_mb_s(folder: Path) -> float | None:
    """The Rust batch throughput on 1 thread, from the criterion bench."""
    env = dict(os.environ, STANCEKIT_BENCH_QUICK="1", STANCEKIT_BENCH_DATA=str(folder))
    try:
        out = subprocess.run(
            ["cargo", "bench", "--quiet", "--bench", "scoring"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as err:
        print(f"(Rust bench unavailable: {err})")
        return None
    match = re.search(r"score batch, 1 thread\s+([\d.]+) MB/s", out)
    return float(match.group(1)) if match else None


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "vader")
    texts = load_texts(folder)
    mb = sum(len(t.encode()) for t in texts) / 1e6

    import stancekit

    scorer = stancekit.Scorer()
    one = best_of(5, lambda: scorer.score_batch(texts, num_threads=1))
    cores = os.cpu_count() or 1
    many = best_of(5, lambda: scorer.score_batch(texts, num_threads=cores))
    rust = rust_batch_mb_s(folder)

    print(f"{len(texts)} texts, {mb:.2f} MB")
    print(f"  Python score_batch, 1 thread   {mb / one:8.1f} MB/s  ({len(texts) / one:,.0f} texts/s)")
    print(f"  Python score_batch, {cores} threads  {mb / many:8.1f} MB/s  ({one / many:.2f}x 1 thread)")
    if rust:
        overhead = rust / (mb / one) - 1
        print(f"  Rust batch, 1 thread           {rust:8.1f} MB/s  (Python overhead {overhead:+.1%})")

    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        print("  (vaderSentiment not installed: no baseline)")
        return
    analyzer = SentimentIntensityAnalyzer()
    sample = texts[: max(1, len(texts) // 4)]
    sample_mb = sum(len(t.encode()) for t in sample) / 1e6
    vader = best_of(1, lambda: [analyzer.polarity_scores(t) for t in sample])
    vader_rate = sample_mb / vader
    print(f"  vaderSentiment, 1 core         {vader_rate:8.2f} MB/s  ({len(sample) / vader:,.0f} texts/s, a quarter of the texts)")
    print(f"  stancekit / vaderSentiment     {mb / one / vader_rate:8.1f}x on 1 thread, {mb / many / vader_rate:.1f}x on {cores}")


if __name__ == "__main__":
    main()
