"""stancekit.spark: the input columns plus the same scores as a local batch,
on a local[2] Spark session.

Spark needs a Java runtime: the ``java_runtime`` fixture installs one from
the system's packages (``apt-get install default-jre-headless``) when
``java`` is not on the PATH, and fails with a clear message if it cannot.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("pyarrow")
pytest.importorskip("pandas")
pytest.importorskip("pyspark")

import stancekit  # noqa: E402
import stancekit.spark  # noqa: E402
from stancekit import Lexicon, Scorer  # noqa: E402

# PySpark's own notice about pandas 3, raised by Spark's code, not ours.
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "statements.jsonl"


def statements(n):
    """``n`` statements: edge cases, the bundled examples, then pairs of them."""
    lines = EXAMPLES.read_text(encoding="utf-8").splitlines()
    base = [json.loads(line)["text"] for line in lines if line.strip()]
    texts = ["", "Ça va? Россия!", "We will retaliate."]
    texts += [base[i % len(base)] if i < len(base) else f"{base[i % len(base)]} {base[(7 * i + 3) % len(base)]}" for i in range(n)]
    return texts[:n]


@pytest.fixture(scope="session")
def java_runtime():
    """A ``java`` on the PATH, installed from the system's packages if missing."""
    java = shutil.which("java")
    if java is None:
        if shutil.which("apt-get") is None:
            pytest.fail("Spark needs a Java runtime (17 or later): no `java` on the PATH and no apt-get to install one")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update"],
            ["apt-get", "install", "-y", "--no-install-recommends", "default-jre-headless"],
        ):
            result = subprocess.run(command, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                pytest.fail(
                    "Spark needs a Java runtime and installing one failed "
                    f"(`{' '.join(command)}` exited with {result.returncode}; run as root, or install "
                    f"Java 17+ yourself):\n{result.stderr[-2000:]}"
                )
        java = shutil.which("java")
        if java is None:
            pytest.fail("Spark needs a Java runtime: default-jre-headless was installed but `java` is still not on the PATH")
    return java


@pytest.fixture(scope="session")
def spark(java_runtime):
    from pyspark.sql import SparkSession

    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_LOCAL_IP")}
    # The Python workers must run this interpreter, where stancekit is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("stancekit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_scores_equal_local_batch_with_input_columns(spark, tmp_path):
    texts = statements(100)
    texts[5] = None
    rows = [(i, text) for i, text in enumerate(texts)]
    df = spark.createDataFrame(rows, "id long, text string").repartition(4)

    scored = stancekit.spark.score(df, "text")
    axes = Scorer().axes
    assert scored.columns == ["id", "text", *axes]
    assert [f.dataType.simpleString() for f in scored.schema.fields] == ["bigint", "string"] + ["float"] * len(axes)

    got = sorted(scored.collect(), key=lambda row: row["id"])
    assert [row["id"] for row in got] == list(range(len(texts)))
    assert [row["text"] for row in got] == texts
    assert all(got[5][axis] is None for axis in axes)  # null text, null scores

    present = [i for i, text in enumerate(texts) if text is not None]
    expected = Scorer().score_batch([texts[i] for i in present])
    # FloatType is float32: the Python floats Spark returns convert back exactly.
    actual = np.array([[got[i][axis] for axis in axes] for i in present], dtype=np.float32)
    np.testing.assert_array_equal(actual, expected)
    assert (expected != 0).any()

    # A lexicon file, read on the executors; each Python worker builds each scorer once.
    lexicon = Lexicon.default().with_entries([("ultimatum", [("threat", 0.9)])], group="user")
    path = tmp_path / "custom.toml"
    path.write_text(lexicon.to_toml(), encoding="utf-8")
    small = spark.createDataFrame([("They issued an ultimatum.",), ("We welcome the talks.",)], "text string")
    custom = stancekit.spark.score(small, "text", lexicon_path=path, num_threads=2).collect()
    np.testing.assert_array_equal(
        np.array([[row[axis] for axis in axes] for row in custom], dtype=np.float32),
        Scorer(Lexicon.from_file(path)).score_batch(["They issued an ultimatum.", "We welcome the talks."]),
    )

    # Ask the Python workers of the same pool (mapInArrow again) what they built.
    def stats(batches):
        import pyarrow as pa

        import stancekit.spark as sks

        for _ in batches:
            pass
        info = sks._worker_stats()
        builds = info["builds"]
        yield pa.RecordBatch.from_pydict(
            {"pid": [info["pid"]], "default": [builds.get(None, 0)], "custom": [builds.get(str(path), 0)]}
        )

    workers = df.mapInArrow(stats, "pid long, default long, custom long").collect()
    # No worker built a scorer twice, and the workers of this later job are
    # the reused ones that already hold the scorer from the jobs above.
    assert all(s["default"] <= 1 and s["custom"] <= 1 for s in workers), workers
    assert any(s["default"] == 1 for s in workers), workers

def test_bad_arguments_fail_on_the_driver(spark, tmp_path):
    df = spark.createDataFrame([(1, "a", "b")], "n long, text string, Threat string")
    with pytest.raises(KeyError, match="no column 'body'"):
        stancekit.spark.score(df, "body")
    with pytest.raises(TypeError, match="column 'n' is bigint, not string"):
        stancekit.spark.score(df, "n")
    with pytest.raises(ValueError, match="rename"):
        stancekit.spark.score(df, "text")
    with pytest.raises(ValueError, match="num_threads"):
        stancekit.spark.score(df.drop("Threat"), "text", num_threads=-1)
    with pytest.raises(stancekit.LexiconError):
        bad = tmp_path / "bad.toml"
        bad.write_text("[lexicon]\n", encoding="utf-8")
        stancekit.spark.score(df.drop("Threat"), "text", lexicon_path=bad)
