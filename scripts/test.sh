#!/usr/bin/env bash
# The whole test suite, as the README gives it and as CI (.ci/run) runs it:
# formatting, lints, unit/integration/doc tests, API docs, and the README's
# quick start on the bundled corpus.
#
# Needs only a Rust toolchain (rustup, with a C compiler for the regex
# library the tokenizers crate builds); everything else is fetched by cargo.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
    echo "stancekit needs a Rust toolchain: see https://rustup.rs" >&2
    exit 1
fi
for component in rustfmt clippy; do
    if ! rustup component list --installed 2>/dev/null | grep -q "^${component}"; then
        rustup component add "${component}"
    fi
done

echo "== cargo fmt"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --all-features -- -D warnings
echo "== cargo test"
cargo test --all-features
echo "== cargo doc"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet
echo "== quick start: score the bundled corpus"
rows=$(cargo run --quiet -- score examples/statements.jsonl --quiet | wc -l)
expected=$(wc -l < examples/statements.jsonl)
if [ "${rows}" -ne "${expected}" ]; then
    echo "quick start wrote ${rows} rows for ${expected} statements" >&2
    exit 1
fi
echo "quick start: ${rows} rows scored"
echo "all checks passed"
