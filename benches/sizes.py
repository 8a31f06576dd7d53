"""Size limits, measured: one huge statement, a huge corpus through the CLI,
a lexicon of a million entries, and pathological wildcards.

    python benches/sizes.py [--workdir DIR] [--corpus-mb 1000] [--statement-mb 100]

Needs the package installed (``pip install .``) and the release CLI built
(``cargo build --release --features cli``). Writes its inputs under ``--workdir`` (a
temporary folder by default, removed afterwards). Every figure is printed
with what it measures; ``docs/robustness.md`` quotes them.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import stancekit

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / "target" / "release" / "stancekit"
SENTENCES = [
    "We will not tolerate any further provocations, and we will respond firmly.",
    "Moscow would not break off talks, but Russia will not give up its claims.",
    "The harsh sanctions would result in the severance of relations.",
    "We welcome the constructive answer and remain open to dialogue.",
    "The ministry accused the Alliance of escalating tensions on purpose.",
    "It is possible that an agreement could perhaps be reached next week.",
]


def peak_rss_mb(cmd):
    """Runs `cmd` and returns (seconds, its peak resident memory in MB)."""
    start = time.perf_counter()
    out = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    kb = int(out.stderr.strip().splitlines()[-1])
    return seconds, kb / 1024


def statement_of(mb):
    unit = " ".join(SENTENCES) + " "
    return unit * (mb * 1_000_000 // len(unit))


def huge_statement(max_mb):
    print(f"== one statement of up to {max_mb} MB (score_batch, 1 thread; score with explanations)")
    scorer = stancekit.Scorer()
    for mb in sorted({max_mb // 10, max_mb // 2, max_mb}):
        text = statement_of(mb)
        start = time.perf_counter()
        row = scorer.score_batch([text], num_threads=1)
        seconds = time.perf_counter() - start
        print(f"  {mb:>4} MB  batch {seconds:6.2f} s  {mb / seconds:6.1f} MB/s  scores {row[0].round(3).tolist()}")
    mb = max(max_mb // 10, 1)
    text = statement_of(mb)
    start = time.perf_counter()
    stance = scorer.score(text)
    seconds = time.perf_counter() - start
    print(f"  {mb:>4} MB  explained {seconds:6.2f} s, {len(stance.contributions):,} contributions")


def huge_corpus(workdir, corpus_mb):
    print(f"== a {corpus_mb} MB JSONL corpus through `stancekit score` (all cores)")
    path = workdir / "corpus.jsonl"
    rng = random.Random(1)
    rows = 0
    with path.open("w", encoding="utf-8") as f:
        written = 0
        while written < corpus_mb * 1_000_000:
            line = json.dumps({"id": rows, "text": " ".join(rng.sample(SENTENCES, 2))}) + "\n"
            f.write(line)
            written += len(line)
            rows += 1
    out = workdir / "scored.jsonl"
    seconds, rss = peak_rss_mb([str(CLI), "score", str(path), "-o", str(out), "--quiet"])
    with out.open("rb") as f:
        out_rows = sum(1 for _ in f)
    print(f"  {rows:,} rows in, {out_rows:,} rows out, {seconds:.1f} s, {corpus_mb / seconds:.1f} MB/s, peak RSS {rss:.0f} MB")
    out.unlink()
    path.unlink()


def big_lexicon(workdir, entries):
    print(f"== a CSV lexicon of {entries:,} entries: load and compile")
    path = workdir / "big.csv"
    rng = random.Random(2)
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen = set()
    with path.open("w", encoding="utf-8") as f:
        f.write("term,axis,weight\n")
        while len(seen) < entries:
            words = " ".join("".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(rng.choice([1, 1, 1, 2])))
            if rng.random() < 0.05:
                words += "*"
            if words in seen:
                continue
            seen.add(words)
            f.write(f"{words},tone,{rng.uniform(-2, 2):.3f}\n")
    code = (
        "import resource, time, stancekit, sys\n"
        "t = time.perf_counter(); lex = stancekit.Lexicon.from_file(sys.argv[1]); load = time.perf_counter() - t\n"
        "t = time.perf_counter(); s = stancekit.Scorer(lex); comp = time.perf_counter() - t\n"
        "t = time.perf_counter(); s.score_batch(['some words here'] * 10000, num_threads=1); sc = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(f'  {len(lex):,} entries: load {load:.1f} s, compile {comp:.1f} s, 10,000 statements {sc:.2f} s, peak RSS {rss:.0f} MB')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    path.unlink()


def wildcards(workdir):
    print("== pathological wildcards")
    cases = {
        "a lone *": "term,axis,weight\n*,tone,1\n",
        "a*": "term,axis,weight\na*,tone,1\n",
        "an inner *": "term,axis,weight\nwa*r,tone,1\n",
        "** ": "term,axis,weight\nwar**,tone,1\n",
    }
    for name, text in cases.items():
        path = workdir / "wild.csv"
        path.write_text(text, encoding="utf-8")
        try:
            lex = stancekit.Lexicon.from_file(str(path))
            start = time.perf_counter()
            stancekit.Scorer(lex).score("war warning a an abc " * 1000)
            print(f"  {name}: accepted, scored in {time.perf_counter() - start:.3f} s")
        except Exception as e:  # noqa: BLE001 - the message is the result
            print(f"  {name}: {type(e).__name__}: {e}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--corpus-mb", type=int, default=1000)
    parser.add_argument("--statement-mb", type=int, default=100)
    parser.add_argument("--lexicon-entries", type=int, default=1_000_000)
    args = parser.parse_args()
    if not CLI.exists():
        sys.exit(f"{CLI} not found: run `cargo build --release --features cli` first")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="stancekit-sizes-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, stancekit {stancekit.__version__}")
    try:
        wildcards(workdir)
        huge_statement(args.statement_mb)
        big_lexicon(workdir, args.lexicon_entries)
        huge_corpus(workdir, args.corpus_mb)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
