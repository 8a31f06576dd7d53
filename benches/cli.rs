//! The command line against the engine, side by side in one run: the same
//! statements scored by `Scorer::score_batch_threads` in memory and by
//! `stancekit score` end to end (read, parse, score, serialize, write), as
//! JSONL and as plain text, on 1 and 2 threads.
//!
//! ```sh
//! cargo bench --features cli --bench cli                 # ../shared/vader, 10 times
//! cargo bench --features cli --bench cli -- DIR REPEAT   # VADER-format files in DIR
//! ```
//!
//! (`STANCEKIT_BENCH_DATA` names the folder too, as for the scoring bench.)
//! Throughput is megabytes of statement text per second, so that the
//! engine and both input formats are measured on the same numerator. Each
//! figure is the best of five runs. On Linux the CLI's peak resident memory
//! is read from `/proc` while it runs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use stancekit::Scorer;

/// The statements of every `*_GroundTruth.txt` in `dir` (VADER's format:
/// id, mean, text), or of the bundled corpus when there are none.
fn statements(dir: &Path) -> Vec<String> {
    let mut texts = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        if !path.to_string_lossy().ends_with("_GroundTruth.txt") {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        for line in String::from_utf8_lossy(&bytes).lines() {
            if let Some(text) = line.splitn(3, '\t').nth(2) {
                texts.push(text.replace('\r', " "));
            }
        }
    }
    if texts.is_empty() {
        eprintln!(
            "no VADER files in {}: using examples/statements.jsonl",
            dir.display()
        );
        for line in include_str!("../examples/statements.jsonl").lines() {
            let row: serde_json::Value = serde_json::from_str(line).expect("bundled JSONL");
            texts.push(row["text"].as_str().expect("a text").to_string());
        }
    }
    texts
}

fn best(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().expect("at least one run")
}

/// Runs the CLI on `input` and returns its wall time and, on Linux, its
/// peak resident memory in MB.
fn cli(input: &Path, out: &Path, threads: usize) -> (Duration, Option<f64>) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_stancekit"))
        .args(["score", "--quiet", "--threads", &threads.to_string(), "-o"])
        .arg(out)
        .arg(input)
        .spawn()
        .expect("the CLI starts");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = None;
    loop {
        // VmHWM is the peak so far; the last reading before exit is kept.
        if let Ok(text) = std::fs::read_to_string(&status) {
            let kb = (text.lines())
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok());
            peak = kb.map(|kb| kb / 1024.0).or(peak);
        }
        if let Some(code) = child.try_wait().expect("waitable") {
            assert!(code.success(), "the CLI failed on {}", input.display());
            return (start.elapsed(), peak);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let dir = (args.first().cloned())
        .or_else(|| std::env::var("STANCEKIT_BENCH_DATA").ok())
        .map_or_else(
            || Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/vader"),
            PathBuf::from,
        );
    let repeat: usize = args
        .get(1)
        .map_or(10, |r| r.parse().expect("REPEAT is a number"));
    let base = statements(&dir);
    let texts: Vec<String> = (0..repeat).flat_map(|_| base.iter().cloned()).collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    let work = std::env::temp_dir().join(format!("stancekit-cli-bench-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("a temporary folder");
    let jsonl = work.join("statements.jsonl");
    let text = work.join("statements.txt");
    let mut j = std::io::BufWriter::new(std::fs::File::create(&jsonl).expect("writable"));
    let mut t = std::io::BufWriter::new(std::fs::File::create(&text).expect("writable"));
    for (i, s) in texts.iter().enumerate() {
        let row = serde_json::json!({"id": i, "text": s});
        writeln!(j, "{row}").expect("writable");
        writeln!(t, "{s}").expect("writable");
    }
    drop((j, t));
    let out = work.join("scored.jsonl");

    let scorer = Scorer::default();
    let engine = |threads| {
        best(5, || {
            let start = Instant::now();
            scorer.score_batch_threads(&texts, threads).expect("scores");
            start.elapsed()
        })
    };
    let engine_1 = engine(1);
    let engine_2 = engine(2);
    let mb_s = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();

    println!(
        "{} statements, {:.1} MB of statement text ({} × {} from {})",
        texts.len(),
        bytes as f64 / 1e6,
        repeat,
        base.len(),
        dir.display()
    );
    println!("| scorer | input | threads | seconds | MB/s | × engine, 1 thread | peak memory |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (threads, d) in [(1, engine_1), (2, engine_2)] {
        println!(
            "| engine (score_batch) | in memory | {threads} | {:.3} | {:.1} | {:.2} | |",
            d.as_secs_f64(),
            mb_s(d),
            engine_1.as_secs_f64() / d.as_secs_f64()
        );
    }
    for (name, input) in [("JSONL", &jsonl), ("text", &text)] {
        for threads in [1, 2] {
            let mut peak: Option<f64> = None;
            let d = best(5, || {
                let (d, p) = cli(input, &out, threads);
                peak = match (peak, p) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                d
            });
            println!(
                "| CLI (stancekit score) | {name} | {threads} | {:.3} | {:.1} | {:.2} | {} |",
                d.as_secs_f64(),
                mb_s(d),
                engine_1.as_secs_f64() / d.as_secs_f64(),
                peak.map_or("n/a".to_string(), |mb| format!("{mb:.0} MB"))
            );
        }
    }
    let _ = std::fs::remove_dir_all(&work);
}
