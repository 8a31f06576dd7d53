//! Inputs that made the fuzz targets in `fuzz/` (see `docs/fuzzing.md`)
//! crash, hang or blow up, kept so that they stay fixed.

use stancekit::{Error, Lexicon};

/// `lexicon_quanteda`, a libFuzzer timeout (`-timeout=10`): 335 bytes of
/// nested YAML anchors whose aliases expand to 11,110 keys, each checked
/// against every key before it and made an axis, took over 10 s per input
/// in the instrumented fuzz build (seconds in a plain debug build). A
/// dictionary is now refused at its 1,001st category, with a message that
/// names the limit and the key.
#[test]
fn quanteda_alias_bomb_is_refused() {
    let yaml = concat!(
        "a: &a {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}\n",
        "b: &b {k0: *a, k1: *a, k2: *a, k3: *a, k4: *a, k5: *a, k6: *a, k7: *a, k8: *a, k9: *a}\n",
        "c: &c {k0: *b, k1: *b, k2: *b, k3: *b, k4: *b, k5: *b, k6: *b, k7: *b, k8: *b, k9: *b}\n",
        "d: {k0: *c, k1: *c, k2: *c, k3: *c, k4: *c, k5: *c, k6: *c, k7: *c, k8: *c, k9: *c}\n",
    );
    let result = Lexicon::from_quanteda_yaml_str(yaml, "bomb");
    let Err(Error::Lexicon(e)) = result else {
        let axes = result.map(|lexicon| lexicon.axes().len());
        panic!("expected a lexicon error, got {axes:?} axes");
    };
    let message = e.to_string();
    assert!(message.contains("at most 1000 keys"), "{message}");
    assert!(message.contains("\"c.k8.k9.k0\""), "{message}");
    // The key is an alias's copy of `k0` in anchor `a`, written on line 1.
    assert_eq!(e.line, Some(1), "{message}");
}

/// The limit leaves real dictionaries alone: exactly 1,000 categories load.
#[test]
fn quanteda_thousand_keys_load() {
    let yaml: String = (0..1000).map(|i| format!("k{i}: [word{i}]\n")).collect();
    let lexicon = Lexicon::from_quanteda_yaml_str(&yaml, "wide").unwrap();
    assert_eq!(lexicon.axes().len(), 1000);
    let more = format!("{yaml}k1000: [word1000]\n");
    let Err(Error::Lexicon(e)) = Lexicon::from_quanteda_yaml_str(&more, "wide") else {
        panic!("expected a lexicon error for 1,001 keys");
    };
    assert_eq!(e.line, Some(1001), "{e}");
}
