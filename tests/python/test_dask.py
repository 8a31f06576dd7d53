"""stancekit.dask: the same scores as a local batch, on a two-process cluster,
with one scorer built per worker process."""

import json
from pathlib import Path

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import stancekit  # noqa: E402
import stancekit.dask  # noqa: E402
from stancekit import Lexicon, Scorer  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "statements.jsonl"
NPARTITIONS = 8


def statements(n):
    """``n`` statements: the bundled examples, then pairs of them, and edge cases."""
    base = [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = ["", "Ça va? Россия!", "We will retaliate."]
    i = 0
    while len(texts) < n:
        a, b = base[i % len(base)], base[(7 * i + 3) % len(base)]
        texts.append(a if i < len(base) else f"{a} {b}")
        i += 1
    return texts[:n]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.fixture()
def frame():
    texts = statements(200)
    pdf = pd.DataFrame({"id": np.arange(len(texts)) * 10, "text": texts}, index=pd.RangeIndex(100, 100 + len(texts)))
    return pdf, dd.from_pandas(pdf, npartitions=NPARTITIONS)


def worker_stats(client):
    def stats():
        import stancekit.dask as skd

        return skd._worker_stats()

    return list(client.run(stats).values())


def test_scores_equal_local_batch_and_keep_index(client, frame):
    pdf, ddf = frame
    scores = stancekit.dask.score(ddf, "text")
    axes = Scorer().axes
    assert list(scores.columns) == axes
    assert all(dtype == np.float32 for dtype in scores.dtypes)
    assert scores.npartitions == ddf.npartitions and scores.divisions == ddf.divisions

    got = scores.compute()
    expected = Scorer().score_batch(pdf["text"].tolist(), num_threads=1)
    assert got.index.equals(pdf.index)
    assert list(got.columns) == axes
    assert all(dtype == np.float32 for dtype in got.dtypes)
    np.testing.assert_array_equal(got.to_numpy(), expected)
    assert (expected != 0).any()

    # The documented way to put the scores next to the input.
    joined = dd.concat([ddf, scores], axis=1).compute()
    assert list(joined.columns) == ["id", "text", *axes]
    np.testing.assert_array_equal(joined[axes].to_numpy(), expected)
    assert joined["id"].tolist() == pdf["id"].tolist()


def test_scorer_is_built_once_per_worker_process(client, frame):
    _, ddf = frame
    before = {s["pid"]: s for s in worker_stats(client)}
    # Two different graphs (num_threads is part of the task), so that the
    # second computation cannot reuse results the scheduler still holds
    # from the first.
    stancekit.dask.score(ddf, "text", num_threads=1).compute()
    stancekit.dask.score(ddf, "text", num_threads=2).compute()
    after = worker_stats(client)

    assert len(after) == 2 and len({s["pid"] for s in after}) == 2
    partitions = [s["partitions"].get(None, 0) - before[s["pid"]]["partitions"].get(None, 0) for s in after]
    assert sum(partitions) == 2 * NPARTITIONS
    for s, scored in zip(after, partitions):
        # Every worker that scored anything built the built-in scorer exactly
        # once, although it scored several partitions (16 among 2 workers).
        assert s["builds"].get(None, 0) == (1 if s["partitions"].get(None, 0) else 0), s
    assert max(partitions) >= NPARTITIONS  # some worker reused its scorer many times


def test_lexicon_path_and_nulls(client, frame, tmp_path):
    pdf, _ = frame
    lexicon = Lexicon.default().with_entries([("ultimatum", [("threat", 0.9)])], group="user")
    path = tmp_path / "custom.toml"
    path.write_text(lexicon.to_toml(), encoding="utf-8")
    texts = ["They issued an ultimatum.", None, "We welcome the talks.", np.nan, *pdf["text"].tolist()[:60]]
    ddf = dd.from_pandas(pd.DataFrame({"text": pd.Series(texts, dtype=object)}), npartitions=4)

    got = stancekit.dask.score(ddf, "text", lexicon_path=path, num_threads=2).compute()

    custom = Scorer(Lexicon.from_file(path))
    assert np.isnan(got.iloc[[1, 3]].to_numpy()).all()
    present = [i for i, t in enumerate(texts) if isinstance(t, str)]
    np.testing.assert_array_equal(got.iloc[present].to_numpy(), custom.score_batch([texts[i] for i in present]))
    assert got.iloc[0]["threat"] != Scorer().score_batch([texts[0]])[0, 0]

    # The cache is keyed by the path: each worker built the custom scorer once.
    builds = [s["builds"].get(str(path), 0) for s in worker_stats(client)]
    assert sum(builds) >= 1 and max(builds) == 1


def test_bad_arguments_fail_on_the_client(tmp_path):
    ddf = dd.from_pandas(pd.DataFrame({"text": ["a", "b"]}), npartitions=1)
    with pytest.raises(KeyError, match="no column 'body'"):
        stancekit.dask.score(ddf, "body")
    with pytest.raises(ValueError, match="num_threads"):
        stancekit.dask.score(ddf, "text", num_threads=-1)
    with pytest.raises(TypeError, match="dask.dataframe.DataFrame"):
        stancekit.dask.score(ddf.compute(), "text")
    with pytest.raises(OSError):
        stancekit.dask.score(ddf, "text", lexicon_path=tmp_path / "missing.toml")
    with pytest.raises(stancekit.LexiconError):
        bad = tmp_path / "bad.toml"
        bad.write_text("[lexicon]\n", encoding="utf-8")
        stancekit.dask.score(ddf, "text", lexicon_path=bad)


def _slow(partition):
    """Pass a partition through after a pause, so that tasks are in flight
    when a worker is killed."""
    import time

    time.sleep(0.25)
    return partition


def test_a_killed_worker_process_does_not_lose_the_job(client, frame):
    import os
    import signal
    import time

    pdf, ddf = frame
    scores = stancekit.dask.score(ddf.map_partitions(_slow, meta=ddf._meta), "text")
    future = client.compute(scores)
    time.sleep(0.4)
    pids = client.run(os.getpid)
    # The worker process dies at once, its tasks with it; its nanny starts a
    # new one and the scheduler runs the lost tasks again.
    os.kill(pids[sorted(pids)[0]], signal.SIGKILL)
    got = future.result(timeout=120)
    expected = Scorer().score_batch(pdf["text"].tolist(), num_threads=1)
    assert got.index.equals(pdf.index)
    np.testing.assert_array_equal(got.to_numpy(), expected)
    client.wait_for_workers(2, timeout=60)
