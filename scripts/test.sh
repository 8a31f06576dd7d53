#!/usr/bin/env bash
# The whole test suite, as the README gives it and as CI (.ci/run) runs it:
# formatting, lints, unit/integration/doc tests, API docs, and the README's
# quick start on the bundled corpus.
#
# Needs a Rust toolchain (rustup, with a C compiler for the regex library the
# tokenizers crate builds) and Python 3.11 or later with pip; everything else
# is fetched by cargo and pip.
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
echo "== python: install the test extras, build the extension, install the package"
pip_install() { python3 -m pip install --quiet --disable-pip-version-check "$@"; }
# Every optional extra is installed, so that no test is skipped.
requirements=$(mktemp)
python3 - > "${requirements}" <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    project = tomllib.load(f)["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["test"]))
PY
pip_install "maturin>=1.7,<2" -r "${requirements}"
rm -f "${requirements}"
pip_install --no-build-isolation --force-reinstall --no-deps .
echo "== pytest"
python3 -m pytest -q tests/python
# The package's docstring examples, run against the installed package.
(cd "${TMPDIR:-/tmp}" && python3 -m pytest -q -p no:cacheprovider --doctest-modules --pyargs stancekit)
echo "== quick start: score the bundled corpus"
rows=$(cargo run --quiet --features cli -- score examples/statements.jsonl --quiet | wc -l)
expected=$(wc -l < examples/statements.jsonl)
if [ "${rows}" -ne "${expected}" ]; then
    echo "quick start wrote ${rows} rows for ${expected} statements" >&2
    exit 1
fi
echo "quick start: ${rows} rows scored"
echo "all checks passed"
