//! Throughput over the VADER ground-truth texts (`../shared/vader`, or the
//! folder in `STANCEKIT_BENCH_DATA`; the bundled examples when neither
//! exists): tokenization by the pipeline and the fast path, single-statement
//! scoring with explanations, batch scoring on 1 and 2 threads.
//!
//! After criterion's groups, a summary measured in the same run prints MB/s
//! and the ratios the project tracks (fast path / pipeline, 2 threads /
//! 1 thread).
//!
//! ```text
//! cargo bench --bench scoring
//! STANCEKIT_BENCH_QUICK=1 cargo bench --bench scoring   # summary only
//! ```

use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, Throughput};
use stancekit::{vader, Profile, Scorer, Tokenizer};

fn texts() -> Vec<String> {
    let dir = std::env::var_os("STANCEKIT_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/vader"));
    let mut texts = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.to_string_lossy().ends_with("_GroundTruth.txt"))
        {
            let bytes = std::fs::read(path).expect("readable corpus");
            for line in String::from_utf8_lossy(&bytes).lines() {
                if let Some(text) = line.splitn(3, '\t').nth(2) {
                    texts.push(text.trim_end_matches('\r').to_string());
                }
            }
        }
    }
    if texts.is_empty() {
        eprintln!("no corpus at {}: using the bundled examples", dir.display());
        let bundled = include_str!("../examples/statements.jsonl");
        for line in bundled.lines() {
            let value: serde_json::Value = serde_json::from_str(line).expect("bundled JSONL");
            texts.push(value["text"].as_str().unwrap_or_default().to_string());
        }
    }
    texts
}

fn bytes(texts: &[String]) -> u64 {
    texts.iter().map(|t| t.len() as u64).sum()
}

fn groups(c: &mut Criterion) {
    let texts = texts();
    let total = bytes(&texts);
    let tokenizer = Tokenizer::default();
    let scorer = Scorer::default();

    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(10);
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| tokenizer.tokenize_with_pipeline(t).unwrap().len())
                .sum::<usize>()
        })
    });
    g.bench_function("default (fast path)", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| tokenizer.tokenize(t).unwrap().len())
                .sum::<usize>()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("score");
    g.throughput(Throughput::Bytes(total));
    g.sample_size(10);
    g.bench_function("one by one, explained", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| scorer.score(t).unwrap().contributions.len())
                .sum::<usize>()
        })
    });
    for threads in [1, 2] {
        g.bench_function(format!("batch, {threads} thread(s)"), |b| {
            b.iter(|| scorer.score_batch_threads(&texts, threads).unwrap())
        });
    }
    g.finish();
}

/// Best of `runs` timings of `f`.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn summary() {
    let texts = texts();
    let mb = bytes(&texts) as f64 / 1e6;
    let tokenizer = Tokenizer::default();
    let scorer = Scorer::default();
    let rate = |d: Duration| mb / d.as_secs_f64();
    let pipeline = best(3, || {
        texts
            .iter()
            .for_each(|t| drop(tokenizer.tokenize_with_pipeline(t)));
    });
    let fast = best(5, || {
        texts.iter().for_each(|t| drop(tokenizer.tokenize(t)));
    });
    let explained = best(3, || {
        texts.iter().for_each(|t| drop(scorer.score(t)));
    });
    let one = best(5, || drop(scorer.score_batch_threads(&texts, 1)));
    let two = best(5, || drop(scorer.score_batch_threads(&texts, 2)));
    let parity = Scorer::with_profile(&vader::lexicon(), Profile::Vader).expect("compiles");
    let vader_one = best(5, || drop(parity.score_batch_threads(&texts, 1)));
    let vader_two = best(5, || drop(parity.score_batch_threads(&texts, 2)));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("a pool");
    let polarity_one = best(5, || drop(pool.install(|| parity.polarity_batch(&texts))));
    let ascii = texts.iter().filter(|t| t.is_ascii()).count();
    println!(
        "\nsummary over {} texts, {:.2} MB ({} pure ASCII)",
        texts.len(),
        mb,
        ascii
    );
    let fallback: Vec<&String> = texts
        .iter()
        .filter(|t| !tokenizer.takes_fast_path(t))
        .collect();
    println!(
        "  pipeline fallback: {} of {} texts ({:.2}%), {:.1}% of the bytes",
        fallback.len(),
        texts.len(),
        100.0 * fallback.len() as f64 / texts.len() as f64,
        100.0 * fallback.iter().map(|t| t.len()).sum::<usize>() as f64 / (mb * 1e6)
    );
    let texts_per_s = |d: Duration| format!("{:.0} texts/s", texts.len() as f64 / d.as_secs_f64());
    let times = |a: Duration, b: Duration, what: &str| format!("{:.2}x {what}", rate(a) / rate(b));
    let rows = [
        ("tokenize, pipeline", pipeline, String::new()),
        (
            "tokenize, default",
            fast,
            times(fast, pipeline, "the pipeline"),
        ),
        (
            "score one by one, explained",
            explained,
            times(explained, one, "batch, 1 thread"),
        ),
        ("score batch, 1 thread", one, texts_per_s(one)),
        ("score batch, 2 threads", two, times(two, one, "1 thread")),
        (
            "VADER profile, compound, 1 thread",
            vader_one,
            texts_per_s(vader_one),
        ),
        (
            "VADER profile, compound, 2 threads",
            vader_two,
            times(vader_two, vader_one, "1 thread"),
        ),
        (
            "VADER profile, polarity, 1 thread",
            polarity_one,
            texts_per_s(polarity_one),
        ),
    ];
    for (label, duration, note) in rows {
        println!("  {label:36} {:8.1} MB/s  {note}", rate(duration));
    }
    non_ascii(&texts, &tokenizer);
}

/// Tokenizing text outside ASCII against ASCII: the corpus' non-ASCII
/// texts, and Russian statements when `../shared/eval` is there.
fn non_ascii(texts: &[String], tokenizer: &Tokenizer) {
    let tokenize = |set: &[&String]| {
        let mb = set.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
        let d = best(5, || set.iter().for_each(|t| drop(tokenizer.tokenize(t))));
        mb / d.as_secs_f64()
    };
    let ascii: Vec<&String> = texts.iter().filter(|t| t.is_ascii()).collect();
    let base = tokenize(&ascii);
    println!("  tokenize, ASCII texts                {base:8.1} MB/s");
    let other: Vec<&String> = texts.iter().filter(|t| !t.is_ascii()).collect();
    let mut sets = vec![("tokenize, the other texts", other)];
    let russian =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/statements-ru-dev.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(russian)
        .map(|t| {
            (t.lines())
                .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                .filter_map(|v| v["text"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    // Repeated so that the set is timed over more than a few milliseconds.
    let cyrillic: Vec<String> = (0..50).flat_map(|_| lines.iter().cloned()).collect();
    if !cyrillic.is_empty() {
        sets.push(("tokenize, Russian statements", cyrillic.iter().collect()));
    }
    for (label, set) in sets {
        let fast = set.iter().filter(|t| tokenizer.takes_fast_path(t)).count();
        println!(
            "  {label:36} {:8.1} MB/s  {:.2}x ASCII; {fast} of {} on the fast path",
            tokenize(&set),
            tokenize(&set) / base,
            set.len()
        );
    }
}

criterion_group!(benches, groups);

fn main() {
    // `STANCEKIT_BENCH_QUICK=1` skips criterion and prints the summary only.
    if std::env::var_os("STANCEKIT_BENCH_QUICK").is_none() {
        benches();
    }
    Criterion::default().configure_from_args().final_summary();
    summary();
}
