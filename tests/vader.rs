//! The VADER profile against vaderSentiment 3.3.2: its own example
//! sentences and one sentence for each rule and quirk, with the outputs
//! vaderSentiment 3.3.2 gives (recorded with it; the full parity over
//! VADER's 23,703 texts is `scripts/vader_parity.py`, see docs/vader.md).

use stancekit::vader::{self, lexicon_from_str, Polarity};
use stancekit::{Error, Profile, Rule, Scorer};

/// (text, [neg, neu, pos, compound]) as vaderSentiment 3.3.2 returns them.
const CASES: &[(&str, [f64; 4])] = &[
    (
        "VADER is smart, handsome, and funny.",
        [0.0, 0.254, 0.746, 0.8316],
    ),
    (
        "VADER is smart, handsome, and funny!",
        [0.0, 0.248, 0.752, 0.8439],
    ),
    (
        "VADER is very smart, handsome, and funny.",
        [0.0, 0.299, 0.701, 0.8545],
    ),
    (
        "VADER is VERY SMART, handsome, and FUNNY.",
        [0.0, 0.246, 0.754, 0.9227],
    ),
    (
        "VADER is VERY SMART, handsome, and FUNNY!!!",
        [0.0, 0.233, 0.767, 0.9342],
    ),
    (
        "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
        [0.0, 0.294, 0.706, 0.9469],
    ),
    (
        "VADER is not smart, handsome, nor funny.",
        [0.646, 0.354, 0.0, -0.7424],
    ),
    ("The book was good.", [0.0, 0.508, 0.492, 0.4404]),
    (
        "At least it isn't a horrible book.",
        [0.0, 0.678, 0.322, 0.431],
    ),
    (
        "The book was only kind of good.",
        [0.0, 0.697, 0.303, 0.3832],
    ),
    (
        "The plot was good, but the characters are uncompelling and the dialog is not great.",
        [0.327, 0.579, 0.094, -0.7042],
    ),
    ("Today SUX!", [0.779, 0.221, 0.0, -0.5461]),
    (
        "Today only kinda sux! But I'll get by, lol",
        [0.127, 0.556, 0.317, 0.5249],
    ),
    ("Make sure you :) or :D today!", [0.0, 0.294, 0.706, 0.8633]),
    (
        "Catch utf-8 emoji such as 💘 and 💋 and 😁",
        [0.0, 0.583, 0.417, 0.875],
    ),
    ("Not bad at all", [0.0, 0.513, 0.487, 0.431]),
    ("It was this good.", [0.0, 0.471, 0.529, 0.5228]),
    ("It was so good.", [0.0, 0.445, 0.555, 0.5777]),
    ("I am never so happy", [0.0, 0.413, 0.587, 0.7702]),
    ("he is so very good", [0.0, 0.535, 0.465, 0.5379]),
    ("good good but good bad", [0.352, 0.074, 0.574, 0.25]),
    ("bad good but bad good", [0.507, 0.072, 0.42, -0.296]),
    ("yeah right, that is great", [0.0, 0.323, 0.677, 0.743]),
    ("the party was the bomb", [0.36, 0.337, 0.303, -0.128]),
    ("it is the bomb", [0.0, 0.429, 0.571, 0.6124]),
    ("the food here is to die for", [0.394, 0.606, 0.0, -0.5994]),
    ("no good", [0.706, 0.294, 0.0, -0.3412]),
    ("no problem at all", [0.0, 0.571, 0.429, 0.3089]),
    ("not the least bit happy", [0.0, 0.519, 0.481, 0.5719]),
    ("at least happy", [0.0, 0.351, 0.649, 0.5719]),
    ("very least happy", [0.0, 0.335, 0.665, 0.6096]),
    ("without doubt great", [0.0, 0.139, 0.861, 0.7359]),
    ("Is it good??", [0.0, 0.38, 0.62, 0.504]),
    ("Is it good????", [0.0, 0.341, 0.659, 0.594]),
    ("GREAT", [0.0, 0.0, 1.0, 0.6249]),
    ("GREAT good", [0.0, 0.0, 1.0, 0.8286]),
    ("kiss of death", [0.506, 0.13, 0.364, -0.2732]),
    ("a real kiss of death", [0.301, 0.361, 0.337, 0.0772]),
    ("", [0.0, 0.0, 0.0, 0.0]),
    ("   ", [0.0, 0.0, 0.0, 0.0]),
    ("!!!", [0.0, 1.0, 0.0, 0.0]),
    ("good!!!!!", [0.0, 0.0, 1.0, 0.6209]),
    ("bus stop", [0.688, 0.312, 0.0, -0.296]),
    ("at the bus stop today", [0.0, 1.0, 0.0, 0.0]),
    ("I dont like it", [0.413, 0.587, 0.0, -0.2755]),
    ("you can't stand it", [0.0, 1.0, 0.0, 0.0]),
    ("no, no, no good", [0.445, 0.555, 0.0, -0.3412]),
    ("I ain't happy nor sad", [0.632, 0.368, 0.0, -0.6307]),
    ("SO good and so bad", [0.354, 0.28, 0.366, 0.0343]),
    ("kind of bad", [0.636, 0.364, 0.0, -0.5423]),
    ("sort of good", [0.0, 0.408, 0.592, 0.4404]),
    ("best but lts", [0.0, 0.185, 0.815, 0.5267]),
    ("Ωmega is GOOD", [0.0, 0.355, 0.645, 0.5622]),
    ("résumé looks GREAT :-*", [0.0, 0.21, 0.79, 0.8192]),
];

fn parity() -> Scorer {
    Scorer::with_profile(&vader::lexicon(), Profile::Vader).unwrap()
}

#[test]
fn outputs_equal_vadersentiment_after_its_rounding() {
    let scorer = parity();
    for &(text, [neg, neu, pos, compound]) in CASES {
        let expected = Polarity {
            neg,
            neu,
            pos,
            compound,
        };
        assert_eq!(scorer.polarity(text).unwrap(), expected, "{text:?}");
    }
    // The batch path gives the same rows, on any number of threads.
    let texts: Vec<&str> = CASES.iter().map(|c| c.0).collect();
    let rows = scorer.polarity_batch(&texts).unwrap();
    for (row, &(text, expected)) in rows.outer_iter().zip(CASES) {
        assert_eq!(row.to_vec(), expected.to_vec(), "{text:?}");
    }
}

/// Each quirk of vaderSentiment 3.3.2 that the profile reproduces on
/// purpose, shown on a pair of sentences.
#[test]
fn quirks_are_reproduced() {
    let s = parity();
    let compound = |t: &str| s.polarity(t).unwrap().compound;
    // `so` or `this` right before a word multiplies it by 1.25 through an
    // operator-precedence slip in the negation check (three words in).
    assert!(compound("It was this good.") > compound("It was good."));
    // Idioms are only checked with three or more words before the word, and
    // never as (previous, word, next): "to die for" keeps "die" negative.
    assert!(compound("the food here is to die for") < 0.0);
    assert!(compound("it is the bomb") > 0.0 && compound("the bomb") < 0.0);
    // `but` finds each sentiment again by value: "best" (3.2) is halved to
    // 1.6, and then "lts" (1.6, after `but`) is found at the place of "best",
    // which is halved again, while "lts" is not raised by half.
    let values = |t: &str| -> Vec<f64> {
        let stance = s.score(t).unwrap();
        stance.contributions.iter().map(|c| c.values[0]).collect()
    };
    assert_eq!(values("best but lts"), [0.8, 1.6]);
    assert_eq!(values("best but heart"), [1.6, 4.800000000000001]);
    // Keys with capitals are never found, as vaderSentiment lowercases the
    // word first: ":Þ" (0.9) has no lowercase twin, ":P" has ":p".
    assert_eq!(compound(":Þ"), 0.0);
    assert!(compound(":P") > 0.0);
}

/// Batch scores of ASCII statements take a path of their own (no token
/// buffer, words looked up by an integer key); explained scores take the
/// full one. Both must agree on the cases where the fast path differs:
/// capitals in `n't`, words around the keys' limits (7, 8, 15 and 16 bytes),
/// punctuation kept on short words, Python's extra white space, idioms,
/// `but`, texts longer than one 64-byte block, and texts that are not ASCII.
#[test]
fn the_batch_path_agrees_with_the_explained_path() {
    let s = parity();
    let texts = [
        "I DON'T like it, it is NOT good",
        "it WASN'T horrible but it isn't great",
        "harmful harmless horribly wonderful wonderfully",
        // 14 to 17 bytes, around the two-integer key's limit.
        "ADVENTUROUSNESS, antagonistically APPREHENSIVELY adventuresomeness shouldn't've",
        "abandon abandons abandoned :) :( ok!! 'nice'",
        "good\x1cbad\tgreat\x0bawful",
        "the bomb is the shit, kind of good, sort of bad",
        "no good, not bad, least good, at least fine, very least happy",
        "without doubt wonderful, never so good, this bad",
        "It was a long afternoon of fairly dull talks and then, at last, a truly wonderful and generous agreement!!",
        // Not ASCII: in the first block, and past it (where the fast path
        // finds out only after splitting a block of words).
        "café good 😁 but sad",
        "It was a long afternoon of fairly dull talks and then, at last, a truly 😁 wonderful agreement!!",
        "",
        "   ",
    ];
    let batch = s.score_batch(&texts).unwrap();
    for (i, text) in texts.iter().enumerate() {
        let explained = s.score(text).unwrap().axes[0].score;
        assert_eq!(
            f64::from(batch[[i, 0]]),
            f64::from(explained as f32),
            "{text:?}"
        );
    }
}

#[test]
fn explanations_add_up_and_name_the_rules() {
    let s = parity();
    let stance = s
        .score("VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!")
        .unwrap();
    let sum: f64 = stance.contributions.iter().map(|c| c.values[0]).sum();
    assert!((sum - stance.axes[0].raw).abs() < 1e-12);
    let smart = stance
        .contributions
        .iter()
        .find(|c| c.term == "smart")
        .unwrap();
    let rules: Vec<Rule> = smart.factors.iter().map(|f| f.rule).collect();
    assert_eq!(rules, [Rule::Caps, Rule::Intensifier]);
    let product: f64 = smart.factors.iter().map(|f| f.factor).product();
    assert!((smart.weights[0] * product - smart.values[0]).abs() < 1e-12);
    assert_eq!(
        stance.contributions.last().unwrap().term,
        "punctuation emphasis"
    );
    // The score is vaderSentiment's compound before rounding.
    assert_eq!((stance["valence"] * 1e4).round() / 1e4, 0.9469);
}

#[test]
fn the_stancekit_profile_reads_the_same_lexicon_with_its_own_rules() {
    let own = Scorer::with_profile(&vader::lexicon(), Profile::Stancekit).unwrap();
    // A phrase entry, unreachable for vaderSentiment's one-word lookup.
    assert!(own.score("you can't stand it").unwrap()["valence"] < 0.0);
    assert_eq!(
        parity().polarity("you can't stand it").unwrap().compound,
        0.0
    );
    // Negation reaches past the next word, and not across a comma.
    assert!(own.score("I do not really like it").unwrap()["valence"] < 0.0);
    assert!(own.polarity("It is good.").unwrap().compound > 0.0);
}

#[test]
fn vader_format_lexicons_read_with_lines_and_duplicates() {
    let lexicon = lexicon_from_str(
        "good\t1.9\t0.9\t[2]\ngood\t2.5\t0.5\t[3]\n:-*\t1.5\nHAPPY\t2.7\n",
        "mine.txt",
    )
    .unwrap();
    assert_eq!(lexicon.entry("good").unwrap().weights["valence"], 2.5);
    assert!(lexicon.entry(":-\\*").is_some());
    assert_eq!(
        lexicon.entry("happy").unwrap().group,
        vader::UNREACHABLE_GROUP
    );
    let scorer = Scorer::with_profile(&lexicon, Profile::Vader).unwrap();
    assert!(scorer.polarity("so :-* today").unwrap().compound > 0.0);
    assert_eq!(scorer.polarity("HAPPY days").unwrap().compound, 0.0);
    for (text, line, message) in [
        ("good\t1.9\nbad\n", 2, "\"bad\": expected token<TAB>valence"),
        (
            "good\t1.9\nbad\tworse\n",
            2,
            "\"bad\": the valence \"worse\" is not a number",
        ),
        (
            "good\tNaN\n",
            1,
            "\"good\" has a non-finite value for \"valence\"",
        ),
    ] {
        match lexicon_from_str(text, "mine.txt") {
            Err(Error::Lexicon(e)) => {
                assert_eq!(e.line, Some(line), "{text:?}");
                assert_eq!(e.problem.to_string(), message);
            }
            other => panic!("{text:?}: expected a lexicon error, got {other:?}"),
        }
    }
}
