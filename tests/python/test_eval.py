"""stancekit.eval: metrics against hand-computed values, and the CLI on synthetic fixtures."""

import csv
import hashlib
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from stancekit import Scorer
from stancekit.eval import HALVES, auc, disagreements, evaluate, half_of, main, rankdata, spearman

DATA = Path(__file__).parent / "data"
STATEMENTS = DATA / "synthetic-statements.jsonl"  # invented texts and ratings
QUADCLASS = DATA / "synthetic-quadclass.tsv"  # invented texts; labels 0-4
UNSCON = DATA / "synthetic-unscon.jsonl"  # invented texts, UNSCon's fields


# ------------------------------------------------------------------ metrics


def test_rankdata_averages_ties():
    assert rankdata([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    assert rankdata([1, 1, 1]).tolist() == [2.0, 2.0, 2.0]


def test_spearman_hand_computed_with_ties():
    # ranks x = [1, 2.5, 2.5, 4], ranks y = [1, 3, 2, 4]; centred dot = 4.5,
    # sums of squares 4.5 and 5, so rho = 4.5 / sqrt(22.5) = sqrt(0.9).
    assert spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(math.sqrt(0.9), abs=1e-12)
    # ranks x = [1.5, 1.5, 3], ranks y = [3, 2, 1]: dot -1.5, ss 1.5 and 2.
    assert spearman([0, 0, 1], [3, 2, 1]) == pytest.approx(-1.5 / math.sqrt(3.0), abs=1e-12)


def test_spearman_monotone_and_undefined():
    assert spearman([1, 2, 3, 4], [10, 100, 1000, 10000]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(spearman([0, 0, 0], [1, 2, 3]))  # constant score
    assert math.isnan(spearman([1], [1]))
    with pytest.raises(ValueError):
        spearman([1, 2], [1, 2, 3])


def test_auc_hand_computed_with_ties():
    # positives 3, 2; negatives 2, 1: pairs 1 + 1 + 1/2 + 1 = 3.5 of 4.
    assert auc([3, 2, 2, 1], [True, True, False, False]) == pytest.approx(0.875)
    # positives 1, 0; negatives 1, 1, 0: 1/2 + 1/2 + 1 + 0 + 0 + 1/2 = 2.5 of 6.
    assert auc([1, 0, 1, 1, 0], [1, 1, 0, 0, 0]) == pytest.approx(2.5 / 6)
    assert auc([5, 5, 5, 5], [1, 0, 1, 0]) == pytest.approx(0.5)
    assert auc([2, 3, 0, 1], [1, 1, 0, 0]) == pytest.approx(1.0)
    assert auc([0, 1, 2, 3], [1, 1, 0, 0]) == pytest.approx(0.0)
    assert math.isnan(auc([1, 2], [1, 1]))


def test_auc_matches_brute_force_on_random_ties():
    rng = np.random.default_rng(0)
    s = rng.integers(0, 4, 60).astype(float)
    y = rng.random(60) < 0.4
    pos, neg = s[y], s[~y]
    brute = ((pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])).mean()
    assert auc(s, y) == pytest.approx(brute, abs=1e-12)


# ------------------------------------------------------------------ halves


def test_halves_are_fixed_by_a_hash_of_the_key():
    assert half_of("s0001") == "check" and half_of("s0003") == "read"
    # the lowest bit of the first byte of the SHA-256 of the key
    for key in ("synthetic-01", "ea-0042", "x" * 100, "Киев"):
        bit = hashlib.sha256(key.encode("utf-8")).digest()[0] & 1
        assert half_of(key) == ("read" if bit == 0 else "check")
    keys = [f"id-{i}" for i in range(2000)]
    share = sum(half_of(k) == "read" for k in keys) / len(keys)
    assert 0.45 < share < 0.55


# ------------------------------------------------------------------ evaluate / CLI


def _rows(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_statements_each_half_matches_direct_computation():
    res = evaluate(STATEMENTS, baseline="none")
    scorer = Scorer()
    axes = scorer.axes
    assert res["axes"] == axes and res["halves"] == ["read", "check", "all"]
    assert res["baseline"]["name"] is None
    st = res["statements"]
    rows = _rows(STATEMENTS)
    halves = {h: [r for r in rows if h == "all" or half_of(r["id"]) == h] for h in HALVES}
    assert st["n"] == {h: len(v) for h, v in halves.items()} and "baseline" not in st
    assert st["n"]["read"] > 0 and st["n"]["check"] > 0
    for h, part in halves.items():
        scores = scorer.score_batch([r["text"] for r in part])
        for i, axis in enumerate(axes):
            want = spearman(scores[:, i], [r["mean"][axis] for r in part])
            assert st["stancekit"]["spearman"][h][axis] == pytest.approx(want)
            zero = np.mean(scores[:, i] == 0)
            assert st["stancekit"]["zero_share"][h][axis] == pytest.approx(zero)


def test_unscon_auc_of_blame_per_half():
    res = evaluate(unscon_path=UNSCON, baseline="none")
    rows = _rows(UNSCON)
    blame = Scorer().axes.index("blame")
    un = res["unscon"]
    for h in HALVES:
        part = [r for r in rows if h == "all" or half_of(r["id"]) == h]
        y = [r["negative_evaluation"] == 1 for r in part]
        assert un["n"][h] == {"positive": sum(y), "negative": len(y) - sum(y)}
        scores = Scorer().score_batch([r["text"] for r in part])[:, blame]
        assert un["stancekit"]["auc"][h] == pytest.approx(auc(scores, y))
    # the invented accusations are told from the invented courtesies
    assert un["stancekit"]["auc"]["all"] > 0.8


def test_quadclass_uses_the_codes_of_the_data_readme():
    res = evaluate(quadclass_path=QUADCLASS, baseline="none")
    qc = res["quadclass"]
    assert qc["score"] == "threat + blame"
    # 3 verbal conflict against 4 verbal cooperation; 0 is never counted
    assert qc["verbal"]["n"]["all"] == {"positive": 4, "negative": 4}
    # conflict (1, 3) against cooperation (2, 4)
    assert qc["conflict"]["n"]["all"] == {"positive": 6, "negative": 6}
    rows = list(csv.DictReader(QUADCLASS.open(encoding="utf-8"), delimiter="\t"))
    verbal = [r for r in rows if r["quadclass"] in ("3", "4")]
    scorer = Scorer()
    axes = scorer.axes
    m = scorer.score_batch([r["text"] for r in verbal])
    s = m[:, axes.index("threat")] + m[:, axes.index("blame")]
    want = auc(s, [r["quadclass"] == "3" for r in verbal])
    assert qc["verbal"]["stancekit"]["auc"]["all"] == pytest.approx(want)
    assert want > 0.8


def test_cli_table_without_baseline(capsys):
    args = ["--statements", str(STATEMENTS), "--unscon", str(UNSCON), "--quadclass", str(QUADCLASS)]
    rc = main(args + ["--baseline", "none"])
    assert rc == 0
    out = capsys.readouterr().out
    assert "Spearman vs rater mean" in out and "AUC quadclass 3 vs 4, threat + blame" in out
    assert "AUC quadclass 1+3 vs 2+4" in out and "AUC unscon, blame" in out
    assert "share of score == 0" in out
    assert "vader" not in out
    for word in Scorer().axes + ["read", "check"]:
        assert word in out


def test_disagreements_list_the_read_half_only(capsys):
    found = disagreements(STATEMENTS, n=3)
    ids = {d["id"] for listed in found.values() for d in listed}
    assert ids and all(half_of(i) == "read" for i in ids)
    assert all(len(listed) <= 3 for listed in found.values())
    gaps = [abs(d["rank_gap"]) for d in found["threat"]]
    assert gaps == sorted(gaps, reverse=True)
    assert main(["--statements", str(STATEMENTS), "--baseline", "none", "--disagreements", "2"]) == 0
    out = capsys.readouterr().out
    assert "largest disagreements on the read half" in out


def test_cli_json_with_vader(capsys):
    vader = pytest.importorskip("vaderSentiment.vaderSentiment")
    rc = main(["--statements", str(STATEMENTS), "--quadclass", str(QUADCLASS), "--json"])
    assert rc == 0
    res = json.loads(capsys.readouterr().out)
    assert res["baseline"]["name"] == "vader"
    rows = _rows(STATEMENTS)
    analyzer = vader.SentimentIntensityAnalyzer()
    base = [-analyzer.polarity_scores(r["text"])["compound"] for r in rows]
    for axis in res["axes"]:
        want = spearman(base, [r["mean"][axis] for r in rows])
        assert res["statements"]["baseline"]["spearman"]["all"][axis] == pytest.approx(want)
    assert 0.0 <= res["quadclass"]["verbal"]["baseline"]["auc"]["all"] <= 1.0


def test_cli_table_with_vader(capsys):
    pytest.importorskip("vaderSentiment")
    assert main(["--statements", str(STATEMENTS)]) == 0
    out = capsys.readouterr().out
    assert "vader" in out and "AUC" not in out


def test_baseline_missing_is_skipped_with_a_note(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "vaderSentiment", None)
    monkeypatch.setitem(sys.modules, "vaderSentiment.vaderSentiment", None)
    assert main(["--statements", str(STATEMENTS)]) == 0
    out = capsys.readouterr().out
    assert "vaderSentiment is not installed" in out
    res = evaluate(STATEMENTS)
    assert res["baseline"]["name"] is None and "baseline" not in res["statements"]


def test_missing_file_exits_2(tmp_path, capsys):
    missing = tmp_path / "nope.jsonl"
    assert main(["--statements", str(missing), "--baseline", "none"]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "nope.jsonl" in err


def test_missing_file_exits_2_as_a_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "stancekit.eval", "--quadclass", str(tmp_path / "nope.tsv")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "nope.tsv" in proc.stderr and proc.stdout == ""


def test_no_data_path_or_bad_lexicon_exits_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--baseline", "none"])
    assert e.value.code == 2
    capsys.readouterr()
    assert main(["--statements", str(STATEMENTS), "--lexicon", str(tmp_path / "x.toml")]) == 2
    assert "cannot load lexicon" in capsys.readouterr().err
