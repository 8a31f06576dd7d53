//! `Lexicon::from_quanteda_yaml_str` on any UTF-8 text: an error or a
//! lexicon, never a panic, a hang or a blown stack (deep nesting, alias
//! bombs); a lexicon that parsed is compiled and scored.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lexicon) = stancekit::Lexicon::from_quanteda_yaml_str(text, "fuzz") {
        common::exercise(&lexicon, false);
    }
});
