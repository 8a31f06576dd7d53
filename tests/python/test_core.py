"""The Python layer over the Rust core: same numbers, typed errors, no crashes."""

import html
import math
import re
import sys
import threading

import numpy as np
import pytest

import stancekit
from stancekit import Lexicon, LexiconError, Scorer


def test_score_directions_match_the_rust_tests():
    assert stancekit.score("Moscow would not break off talks with the West.")["threat"] < 0
    assert stancekit.score("Russia would not give up its claims.").rigidity > 0


def test_stance_access_and_explanations():
    s = stancekit.score("We will not break off talks, but we will retaliate!")
    assert s.axes == ["threat", "blame", "rigidity", "certainty"]
    d = s.as_dict()
    assert list(d)[:4] == s.axes
    assert d["threat"] == s["threat"] == s.threat
    contributions = s.contributions
    assert any(c.term == "break off talks" for c in contributions)
    talks = next(c for c in contributions if c.term == "break off talks")
    assert talks.factors[0].rule == "negation"
    assert sum(c.values["threat"] for c in contributions) == pytest.approx(d["threat_raw"], abs=1e-12)
    assert "break off talks" in s.explain()
    assert repr(s).startswith("Stance(threat=")
    with pytest.raises(KeyError):
        s["tone"]
    with pytest.raises(AttributeError):
        s.tone


def test_batch_is_float32_and_equals_single_scores():
    scorer = Scorer()
    texts = ["We welcome the constructive talks.", "We will retaliate.", "", "Ça va? Россия!"]
    for matrix in (scorer.score_batch(texts), scorer.score_batch(tuple(texts), num_threads=1), scorer.score_batch(iter(texts), num_threads=2)):
        assert matrix.dtype == np.float32 and matrix.shape == (4, 4)
        for row, text in zip(matrix, texts):
            assert list(row) == [np.float32(scorer.score(text)[a]) for a in scorer.axes]
    assert scorer.score_batch(np.array(texts)).shape == (4, 4)


def test_non_string_items_raise_type_error_naming_the_index():
    with pytest.raises(TypeError, match="item 1 is int"):
        Scorer().score_batch(["fine", 3])


def test_lexicon_errors_carry_path_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[lexicon]\nname = "x"\n[[axes]]\nid = "t"\n[entries.g]\nwar = { tone = 1.0 }\n')
    with pytest.raises(LexiconError) as info:
        Lexicon.from_file(bad)
    assert isinstance(info.value, ValueError)
    assert info.value.path == str(bad)
    assert info.value.line == 6
    with pytest.raises(OSError):
        Lexicon.from_file(tmp_path / "missing.toml")


def test_custom_and_extended_lexicons():
    base = Lexicon.default()
    assert base.name == "diplomatic-en" and len(base) >= 1500
    mine = base.with_entries([("zorble-fluxing", [("threat", 2.0)])])
    assert len(mine) == len(base) + 1 and mine.hash != base.hash
    assert Scorer(mine).score("More zorble-fluxing.")["threat"] > 0
    again = Lexicon.from_toml(mine.to_toml())
    assert again.hash == mine.hash


def test_one_scorer_from_eight_threads_matches_serial_use():
    scorer = Scorer()
    texts = [f"We will retaliate {i} times, but we welcome talks." for i in range(200)]
    expected = [scorer.score(t).as_dict() for t in texts]
    results = {}

    def work(k):
        results[k] = [scorer.score(t).as_dict() for t in texts]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(8))


def test_lexicon_from_dict_reads_the_toml_schema():
    data = {
        "lexicon": {"name": "tone", "version": "2", "alpha": 1.0},
        "axes": [{"id": "tone", "negative": "calm", "positive": "angry"}],
        "entries": {"anger": {"outrage*": {"tone": 2.0}}},
        "modifiers": {"negators": {"not": {}}},
    }
    lexicon = Lexicon.from_dict(data)
    assert (lexicon.name, lexicon.version, lexicon.axes, len(lexicon)) == ("tone", "2", ["tone"], 1)
    toml = '[lexicon]\nname = "tone"\nversion = "2"\nalpha = 1.0\n[[axes]]\nid = "tone"\nnegative = "calm"\npositive = "angry"\n'
    toml += '[entries.anger]\n"outrage*" = { tone = 2.0 }\n[modifiers.negators]\nnot = {}\n'
    assert lexicon == Lexicon.from_toml(toml)
    assert Scorer(lexicon).score("Not outrageous.")["tone"] < 0
    # extends a built-in, like a file can
    extended = Lexicon.from_dict({"lexicon": {"name": "mine", "extends": "diplomatic-en"}, "entries": {"mine": {"zorble": {"threat": 1.0}}}})
    assert len(extended) == len(Lexicon.default()) + 1
    assert Lexicon.from_dict(Lexicon.default().to_dict()) == Lexicon.default()


def test_lexicon_from_dict_errors_name_the_dict_not_a_line():
    with pytest.raises(LexiconError, match="unknown axis") as info:
        Lexicon.from_dict({"lexicon": {"name": "x"}, "axes": [{"id": "t"}], "entries": {"g": {"war": {"tone": 1.0}}}})
    assert (info.value.path, info.value.line) == ("<dict>", None)
    with pytest.raises(LexiconError):
        Lexicon.from_dict({"lexicon": {"name": "x"}, "unknown": 1})
    with pytest.raises(LexiconError, match=r'<dict>: "war" has a non-finite value for "t"') as info:
        Lexicon.from_dict({"lexicon": {"name": "x"}, "axes": [{"id": "t"}], "entries": {"g": {"war": {"t": math.inf}}}})
    assert (info.value.path, info.value.line) == ("<dict>", None)
    with pytest.raises(LexiconError, match=r'"not" has a non-finite value for "factor"'):
        Lexicon.from_dict({"lexicon": {"name": "x"}, "axes": [{"id": "t"}], "modifiers": {"negators": {"not": {"factor": math.nan}}}})
    with pytest.raises(TypeError):
        Lexicon.from_dict({"lexicon": {"name": object()}})
    with pytest.raises(TypeError):
        Lexicon.from_dict([("lexicon", {})])


def test_contributions_are_typed_frozen_objects():
    s = stancekit.score("We will not break off talks, but we will retaliate!")
    talks = next(c for c in s.contributions if c.term == "break off talks")
    assert isinstance(talks, stancekit.Contribution)
    assert (talks.text, talks.span, talks.char_span, talks.group, talks.sentence) == ("break off talks", (12, 27), (12, 27), talks.group, 0)
    assert set(talks.weights) == set(talks.values) == set(s.axes)
    for axis in s.axes:
        product = math.prod(f.factor for f in talks.factors if f.axes is None or axis in f.axes)
        assert talks.values[axis] == pytest.approx(talks.weights[axis] * product)
    # The negator flips threat, and keeps a quarter of the blame and half of
    # the certainty that the threatening phrase implies (diplomatic-en's
    # implied and negated_positive).
    negation, blame, certainty, contrast, exclamation = talks.factors
    assert (blame.rule, blame.factor, blame.axes) == ("negation", 0.25, ["blame"])
    assert (certainty.rule, certainty.factor, certainty.axes) == ("negation", 0.5, ["certainty"])
    assert (contrast.rule, contrast.trigger, exclamation.rule, exclamation.trigger) == ("contrast", "but", "exclamation", None)
    assert exclamation.trigger_span is None and exclamation.trigger_char_span is None
    assert isinstance(negation, stancekit.Factor)
    assert (negation.rule, negation.trigger, negation.trigger_span, negation.trigger_char_span) == ("negation", "not", (8, 11), (8, 11))
    assert repr(negation) == "Factor(negation ×-0.75 'not' on threat, rigidity)"
    assert repr(talks).startswith("Contribution('break off talks', char_span=(12, 27), threat=")
    assert s.contributions == s.contributions
    with pytest.raises(AttributeError):
        talks.text = "changed"
    with pytest.raises(AttributeError):
        negation.factor = 1.0
    # dicts handed out are copies
    talks.values["threat"] = 99.0
    assert talks.values["threat"] != 99.0


def test_factors_limited_to_some_axes_name_them():
    # diplomatic-en keeps negated accusations on the accusatory pole, and
    # negated assertions (here the certainty "aggression" implies) assertive.
    s = stancekit.score("It was no aggression.")
    (c,) = s.contributions
    flip, keep, assertive = c.factors
    assert flip.axes == ["threat", "rigidity"] and keep.axes == ["blame"] and assertive.axes == ["certainty"]
    assert (flip.factor, keep.factor, assertive.factor) == (-0.75, 0.25, 0.5)
    assert repr(keep) == "Factor(negation ×0.25 'no' on blame)"
    for axis in s.axes:
        product = math.prod(f.factor for f in c.factors if f.axes is None or axis in f.axes)
        assert c.values[axis] == pytest.approx(c.weights[axis] * product)
    assert c.values["blame"] > 0 > c.values["threat"]
    # An entry with no positive weight on those axes is negated on all of them.
    assert all(f.axes is None for f in stancekit.score("We will not negotiate.").contributions[-1].factors)


def test_char_spans_slice_python_strings_and_byte_spans_utf8():
    text = "Ça «va»? Россия 🇷🇺 не будет, and we will NOT break off talks — ever!"
    s = Scorer().score(text)
    assert s.text == text and s.contributions
    data = text.encode()
    for c in s.contributions:
        assert text[c.char_span[0] : c.char_span[1]] == c.text
        assert data[c.span[0] : c.span[1]].decode() == c.text
        for f in c.factors:
            if f.trigger_span is not None:
                assert data[f.trigger_span[0] : f.trigger_span[1]].decode().lower() == text[f.trigger_char_span[0] : f.trigger_char_span[1]].lower()
    talks = next(c for c in s.contributions if c.term == "break off talks")
    assert talks.char_span != talks.span


def test_repr_html_highlights_contributions_and_escapes_everything():
    text = "<script>alert('x')</script> We will retaliate & \"condemn\" them."
    s = Scorer().score(text)
    out = s._repr_html_()
    assert "<script>" not in out and "alert('x')" not in out
    assert html.escape("<script>alert('x')</script> ") in out
    assert html.escape(' & "') in out
    # without its tags, the first block is the statement
    statement = out.split("<table")[0]
    assert html.unescape(re.sub(r"<[^>]*>", "", statement)).strip() == text
    # one highlighted span per contribution, with a tooltip naming term and factors
    spans = re.findall(r'<span class="stancekit-hit" style="([^"]*)" title="([^"]*)">([^<]*)</span>', out)
    assert [html.unescape(t) for _, _, t in spans] == [c.text for c in s.contributions]
    for (style, title, _), c in zip(spans, s.contributions):
        assert html.unescape(title).startswith(f"{c.term} ({c.group})")
        assert "rgba(" in style
    # one bar per axis, with the axis' poles
    assert out.count("<tr>") == len(s.axes)
    for axis in s.axes:
        assert f"{axis}</td>" in out
    assert "conciliatory" in out and "threatening" in out
    # threat is positive: solid underline in the threat colour (the first)
    retaliate = next(i for i, c in enumerate(s.contributions) if c.term.startswith("retaliat"))
    assert "solid rgba(214,39,40,1)" in spans[retaliate][0]


def test_repr_html_of_negated_and_empty_statements():
    s = Scorer().score("We will not break off talks.")
    assert "dotted" in s._repr_html_() and "negation" in html.unescape(s._repr_html_())
    empty = Scorer().score("")
    assert "stancekit-hit" not in empty._repr_html_() and empty.text == ""


def test_score_batch_errors_nan_gives_nan_rows_for_missing_items():
    scorer = Scorer()
    texts = ["We will retaliate.", None, float("nan"), np.float32("nan"), "", "We welcome the talks."]
    matrix = scorer.score_batch(texts, errors="nan")
    assert matrix.shape == (6, 4) and matrix.dtype == np.float32
    assert np.isnan(matrix[1:4]).all()
    assert not np.isnan(matrix[[0, 4, 5]]).any()
    np.testing.assert_array_equal(matrix[[0, 4, 5]], scorer.score_batch([texts[0], texts[4], texts[5]]))
    # a non-missing value of another type is still an error, naming its index
    with pytest.raises(TypeError, match="item 1 is int"):
        scorer.score_batch(["fine", 3], errors="nan")
    with pytest.raises(TypeError, match="item 2 is float"):
        scorer.score_batch(["fine", None, 1.5], errors="nan")
    # by default missing items raise, with a hint
    with pytest.raises(TypeError, match=r'item 1 is NoneType, not str \(errors="nan"'):
        scorer.score_batch(["fine", None])
    with pytest.raises(TypeError, match="item 0 is float"):
        scorer.score_batch([float("nan")])
    with pytest.raises(ValueError, match="errors must be"):
        scorer.score_batch(["fine"], errors="ignore")


def test_score_batch_errors_nan_accepts_pandas_na():
    pd = pytest.importorskip("pandas")
    series = pd.Series(["We will retaliate.", pd.NA, None], dtype="string")
    matrix = Scorer().score_batch(series, errors="nan")
    assert np.isnan(matrix[1:]).all() and not np.isnan(matrix[0]).any()


def test_score_batch_spans_chunks_and_returns_an_owned_array():
    scorer = Scorer()
    texts = [f"We will retaliate {i} times." if i % 3 else "We welcome the talks." for i in range(25_001)]
    matrix = scorer.score_batch(texts, num_threads=2)
    assert matrix.shape == (25_001, 4) and matrix.flags.c_contiguous and matrix.flags.writeable
    # numpy wraps the buffer the chunks were scored into (owned by a Rust
    # container object), rather than a copy of it
    assert not matrix.flags.owndata and matrix.base is not None
    np.testing.assert_array_equal(matrix[::5000], scorer.score_batch(texts[::5000]))
    assert scorer.score_batch([]).shape == (0, 4)


def test_progress_bar_with_tqdm(capsys):
    pytest.importorskip("tqdm")
    matrix = Scorer().score_batch(["We will retaliate."] * 25_000, progress=True)
    assert matrix.shape == (25_000, 4)
    err = capsys.readouterr().err
    assert "scoring" in err and "100%" in err and "25.0k" in err


def test_progress_without_tqdm_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError, match="progress=True needs tqdm"):
        Scorer().score_batch(["We will retaliate."], progress=True)
    # without progress nothing is imported
    assert Scorer().score_batch(["We will retaliate."]).shape == (1, 4)


def test_ctrl_c_stops_a_long_batch_between_chunks(interrupted_within):
    scorer = Scorer()
    texts = ["We will not break off talks, but we will retaliate!"] * 3_000_000  # seconds of work on one thread
    assert interrupted_within(lambda: scorer.score_batch(texts, num_threads=1)) < 2.0


def test_a_rust_panic_is_a_python_exception_not_an_abort():
    # PyO3's PanicException derives from BaseException, so that a bare
    # `except Exception` does not swallow a bug.
    with pytest.raises(BaseException, match="deliberate") as info:
        stancekit._stancekit._panic("deliberate panic for the test")
    assert type(info.value).__name__ == "PanicException"
    assert not isinstance(info.value, Exception)
    # the interpreter and the thread pool go on
    assert Scorer().score_batch(["We will retaliate."] * 600).shape == (600, 4)


def test_a_lone_surrogate_is_a_value_error_naming_the_item_and_position():
    text = b"We condemn \xff it.".decode("utf-8", "surrogateescape")
    scorer = Scorer()
    for call in (scorer.score, scorer.score_targets, scorer.polarity):
        with pytest.raises(ValueError, match="the statement holds a lone surrogate at character 11"):
            call(text)
    with pytest.raises(ValueError, match="item 1 holds a lone surrogate at character 11"):
        scorer.score_batch(["We condemn it.", text])
    # With errors="nan" it is a NaN row and the rest of the batch is scored.
    rows = scorer.score_batch(["We condemn it.", text], errors="nan")
    assert rows[0, 1] > 0 and all(v != v for v in rows[1])
