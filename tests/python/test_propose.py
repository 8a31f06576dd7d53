"""stancekit.propose: uncovered n-grams that go with what the lexicon misses."""

import numpy as np

from stancekit.eval import half_of
from stancekit.propose import _ngrams, candidates, main

from test_eval import STATEMENTS, UNSCON, QUADCLASS


def test_ngrams_skip_covered_spans_stopwords_and_punctuation():
    text = "They spread lies, and we respond calmly."
    covered = [(12, 16)]  # "lies"
    grams = _ngrams(text, covered)
    assert "spread" in grams and "respond calmly" in grams
    assert not any("lies" in g for g in grams)  # covered
    assert "spread and" not in grams  # not across the covered word or the comma
    assert "and we" not in grams  # stopwords only


def test_candidates_rank_by_the_residual_of_their_items():
    texts = ["they lie", "they lie again", "they lie often", "we meet", "we meet", "we meet"]
    gold = np.array([2.0, 2.0, 2.0, 0.0, 0.0, 0.0])
    found = candidates(texts, gold, np.zeros(6), [[]] * 6)
    assert found[0].term == "lie" and found[0].docs == 3 and found[0].t > 0
    assert found[-1].term in ("meet", "we meet") and found[-1].t < 0
    # An item the lexicon already scores right leaves no residual to explain.
    found = candidates(texts, gold, gold, [[]] * 6)
    assert all(abs(c.mean_residual) < 1e-9 for c in found)
    # Below min_docs nothing is listed.
    assert candidates(texts, gold, np.zeros(6), [[]] * 6, min_docs=4) == []


def test_cli_reads_the_read_half_only(capsys):
    args = ["--statements", str(STATEMENTS), "--unscon", str(UNSCON), "--quadclass", str(QUADCLASS)]
    assert main(args + ["--min-docs", "1", "--top", "200"]) == 0
    out = capsys.readouterr().out
    assert "== statements, threat" in out and "== unscon, blame" in out and "== quadclass 3 vs 4" in out
    # A word that occurs only in check-half statements is never listed.
    import json

    rows = [json.loads(line) for line in STATEMENTS.read_text(encoding="utf-8").splitlines()]
    read_words = {w.strip(".,").lower() for r in rows if half_of(r["id"]) == "read" for w in r["text"].split()}
    check_only = {
        w.strip(".,").lower() for r in rows if half_of(r["id"]) == "check" for w in r["text"].split()
    } - read_words
    statements_part = out.split("== unscon")[0]
    listed = {line.split("  ")[-1] for line in statements_part.splitlines() if line.startswith(("+", "-", " "))}
    assert check_only and not (check_only & listed)


def test_cli_needs_a_data_path_and_reports_unreadable_files(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit):
        main([])
    assert main(["--statements", str(tmp_path / "none.jsonl")]) == 2
    assert "cannot read" in capsys.readouterr().err
