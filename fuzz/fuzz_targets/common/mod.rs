//! What every lexicon target does with a lexicon that parsed: compile it
//! and score a sentence made of its own terms, so that matching, the rules
//! and batch scoring run on the parsed data.

use stancekit::{term_pattern, Lexicon, Profile, Scorer};

/// A short sentence that uses the lexicon's first entries and modifiers,
/// with the punctuation, capitals and contrast the rules react to.
pub fn sentence(lexicon: &Lexicon) -> String {
    let mut entries = lexicon.entries().map(|(t, _)| term_pattern(t).0);
    let mut modifiers = lexicon.modifiers().map(|(t, _)| term_pattern(t).0);
    let next = |words: &mut dyn Iterator<Item = String>| words.next().unwrap_or_default();
    let (e0, e1, e2, e3) = (
        next(&mut entries),
        next(&mut entries),
        next(&mut entries),
        next(&mut entries),
    );
    let (m0, m1, m2) = (
        next(&mut modifiers),
        next(&mut modifiers),
        next(&mut modifiers),
    );
    format!(
        "{m0} {e0} {e1}, but {m1} {e2}. Not {m2} {} !! {e0}ing?",
        e3.to_uppercase()
    )
}

/// Compiles `lexicon` (an error is fine) and scores [`sentence`] with the
/// explained and the batch path; also under the VADER profile when `vader`.
pub fn exercise(lexicon: &Lexicon, vader: bool) {
    let text = sentence(lexicon);
    if let Ok(scorer) = Scorer::new(lexicon) {
        let _ = scorer.score(&text);
        let _ = scorer.score_batch(&[text.as_str(), ""]);
        let _ = scorer.polarity(&text);
    }
    if vader {
        if let Ok(scorer) = Scorer::with_profile(lexicon, Profile::Vader) {
            let _ = scorer.score(&text);
            let _ = scorer.polarity(&text);
            let _ = scorer.score_batch(&[text.as_str()]);
        }
    }
}
