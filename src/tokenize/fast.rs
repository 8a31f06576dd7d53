//! The scanner: [`TOKEN_PATTERN`](super::TOKEN_PATTERN) written out by hand
//! for texts whose normalization is known without running the normalizer.
//!
//! A text takes this path when each of its characters is ASCII or in the
//! [`Table`]: the characters of Latin (Latin-1, Extended-A and -B, IPA,
//! Extended Additional), Greek, Cyrillic, general punctuation, symbols and
//! emoji that NFKC leaves as they are and that lowercase to one character
//! (the table holds their classes and lowercase forms).
//! For them the pipeline's normalization is known per character (NFKC does
//! nothing, `’` becomes `'`, lowercasing maps each character to one), so
//! tokens are found on the original text and lowercased one by one.
//! `tests/tokenizer_differential.rs` proves that every such text gets the
//! pipeline's tokens and offsets.

use std::sync::OnceLock;

use tokenizers::normalizers::NFKC;
use tokenizers::{NormalizedString, Normalizer};

use super::Tokens;

/// What the scanner knows of a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Neither ASCII nor in the table: the text takes the pipeline.
    Unknown,
    /// `\s` (ASCII white space; other white space takes the pipeline).
    Space,
    /// `\p{L}`.
    Letter,
    /// `\p{N}`: ASCII digits (others take the pipeline).
    Digit,
    /// `_`.
    Underscore,
    /// `\p{M}`: the variation selectors of emoji (other marks take the
    /// pipeline, since NFKC may compose them).
    Mark,
    /// `'` or `’`, which joins words.
    Apostrophe,
    /// `-`, which joins words.
    Hyphen,
    /// Any other character: a token by itself.
    Other,
}

impl Class {
    /// `[\p{L}\p{M}\p{N}_]`.
    fn is_word(self) -> bool {
        matches!(
            self,
            Class::Letter | Class::Digit | Class::Underscore | Class::Mark
        )
    }
}

/// The classes of the ASCII characters.
static ASCII: [Class; 128] = {
    let mut table = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b'_' => Class::Underscore,
            b'\'' => Class::Apostrophe,
            b'-' => Class::Hyphen,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// A character of the table: its class and its normalized form.
#[derive(Debug, Clone, Copy)]
struct Entry {
    class: Class,
    lower: char,
}

/// The code point ranges of three and four bytes the table covers, end
/// exclusive; every two-byte character (U+0080 to U+07FF) has an entry.
/// The most frequent first.
const RANGES: [(u32, u32); 6] = [
    (0x200B, 0x2070),   // General Punctuation
    (0x1F300, 0x1FB00), // emoji and pictographs
    (0xFE00, 0xFE10),   // variation selectors
    (0x1E00, 0x1F00),   // Latin Extended Additional
    (0x20A0, 0x20C1),   // currency symbols
    (0x2190, 0x27C0),   // arrows, technical and other symbols, dingbats
];

/// The two-byte code points the scanner may take: Latin-1 to Cyrillic
/// Supplement; the others (Armenian, Hebrew, Arabic, ...) take the
/// pipeline.
const TWO_BYTE: (u32, u32) = (0x00A0, 0x0530);

/// The non-ASCII characters the scanner handles, built once from the
/// normalizer itself: a dense table of the two-byte characters (Latin,
/// Greek, Cyrillic), indexed directly, and the [`RANGES`] beyond.
struct Table {
    /// U+0080 to U+07FF.
    two: Vec<Entry>,
    wide: Vec<Entry>,
    /// Where each range's entries start in `wide`.
    starts: [usize; RANGES.len()],
}

impl Table {
    fn get() -> &'static Table {
        static TABLE: OnceLock<Table> = OnceLock::new();
        TABLE.get_or_init(Table::build)
    }

    fn build() -> Table {
        let two = (0x80..0x800)
            .map(|cp| match (TWO_BYTE.0..TWO_BYTE.1).contains(&cp) {
                true => classify(cp),
                false => Entry {
                    class: Class::Unknown,
                    lower: char::from_u32(cp).unwrap_or('\u{FFFD}'),
                },
            })
            .collect();
        let mut wide = Vec::new();
        let mut starts = [0; RANGES.len()];
        for (i, &(start, end)) in RANGES.iter().enumerate() {
            starts[i] = wide.len();
            wide.extend((start..end).map(classify));
        }
        Table { two, wide, starts }
    }

    /// The entry of a two-byte character.
    #[inline(always)]
    fn two_byte(&self, cp: u32) -> Entry {
        self.two[(cp - 0x80) as usize]
    }

    fn entry(&self, c: char) -> Entry {
        let cp = u32::from(c);
        if (0x80..0x800).contains(&cp) {
            return self.two_byte(cp);
        }
        for (i, &(start, end)) in RANGES.iter().enumerate() {
            if (start..end).contains(&cp) {
                return self.wide[self.starts[i] + (cp - start) as usize];
            }
        }
        Entry {
            class: Class::Unknown,
            lower: c,
        }
    }
}

/// A non-ASCII code point as the pipeline treats it, when that is known
/// per character: NFKC leaves it alone, it is no mark, white space or
/// non-ASCII digit, and it lowercases to one character.
fn classify(cp: u32) -> Entry {
    let unknown = |c| Entry {
        class: Class::Unknown,
        lower: c,
    };
    let Some(c) = char::from_u32(cp) else {
        return unknown('\u{FFFD}');
    };
    // Combining marks (which NFKC may compose with what precedes them),
    // white space, controls and digits other than ASCII's.
    let mark = (0x0300..0x0370).contains(&cp) || (0x0483..0x048A).contains(&cp);
    if mark || c.is_whitespace() || c.is_control() || c.is_numeric() {
        return unknown(c);
    }
    let mut text = NormalizedString::from(c.to_string());
    if NFKC.normalize(&mut text).is_err() || text.get() != c.to_string() {
        return unknown(c);
    }
    if c == '’' {
        return Entry {
            class: Class::Apostrophe,
            lower: '\'',
        };
    }
    if (0xFE00..0xFE10).contains(&cp) {
        return Entry {
            class: Class::Mark,
            lower: c,
        };
    }
    let mut lower = c.to_lowercase();
    let (Some(l), None) = (lower.next(), lower.next()) else {
        return unknown(c);
    };
    match (c.is_alphabetic(), l == c) {
        (true, _) => Entry {
            class: Class::Letter,
            lower: l,
        },
        (false, true) => Entry {
            class: Class::Other,
            lower: c,
        },
        // A cased symbol: left to the pipeline.
        (false, false) => unknown(c),
    }
}

/// The character at byte `i` of a valid UTF-8 text and its length.
fn decode(bytes: &[u8], i: usize) -> (char, usize) {
    let b = bytes[i];
    let (len, first) = match b {
        0xC0..=0xDF => (2, u32::from(b & 0x1F)),
        0xE0..=0xEF => (3, u32::from(b & 0x0F)),
        _ => (4, u32::from(b & 0x07)),
    };
    let cp = (bytes[i + 1..i + len].iter()).fold(first, |cp, &b| cp << 6 | u32::from(b & 0x3F));
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), len)
}

/// True when the scanner gives the pipeline's tokens for `text`.
pub(super) fn applies(text: &str) -> bool {
    if text.is_ascii() {
        return true;
    }
    let table = Table::get();
    text.chars()
        .all(|c| c.is_ascii() || table.entry(c).class != Class::Unknown)
}

/// A text being scanned.
struct Scan<'a> {
    bytes: &'a [u8],
    table: &'static Table,
}

impl Scan<'_> {
    /// The class of the character at byte `i` and its length: a table
    /// lookup for ASCII, inlined into every loop of the scanner.
    #[inline(always)]
    fn at(&self, i: usize) -> (Class, usize) {
        match self.bytes[i] {
            b if b < 0x80 => (ASCII[usize::from(b)], 1),
            // Two bytes: Latin, Greek and Cyrillic, from the dense table.
            b if b < 0xE0 => {
                let cp = u32::from(b & 0x1F) << 6 | u32::from(self.bytes[i + 1] & 0x3F);
                (self.table.two_byte(cp).class, 2)
            }
            _ => self.at_unicode(i),
        }
    }

    /// [`at`](Self::at) for a character outside ASCII, kept out of line so
    /// that the ASCII loops stay small.
    #[inline(never)]
    fn at_unicode(&self, i: usize) -> (Class, usize) {
        let (c, len) = decode(self.bytes, i);
        (self.table.entry(c).class, len)
    }

    fn class(&self, i: usize) -> Option<Class> {
        (i < self.bytes.len()).then(|| self.at(i).0)
    }

    /// The end of the run of characters from `i` that `pred` accepts.
    fn run_while(&self, mut i: usize, pred: impl Fn(Class) -> bool) -> usize {
        while i < self.bytes.len() {
            let (class, len) = self.at(i);
            if !pred(class) {
                break;
            }
            i += len;
        }
        i
    }

    /// `(?:https?://|www\.)\S*[^\s.,;:!?'"()\[\]{}<>]`
    fn url(&self, i: usize) -> Option<usize> {
        let rest = &self.bytes[i..];
        let starts = |p: &[u8]| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        let prefix = [&b"https://"[..], b"http://", b"www."]
            .into_iter()
            .find(|p| starts(p))?
            .len();
        let end = self.run_while(i + prefix, |c| c != Class::Space);
        // Back off the characters a URL may not end with (`’` is `'`).
        let mut last = end;
        while last > i + prefix {
            let mut start = last - 1;
            while self.bytes[start] & 0xC0 == 0x80 {
                start -= 1;
            }
            let trailing = match self.at(start).0 {
                Class::Apostrophe => true,
                _ => matches!(
                    self.bytes[start],
                    b'.' | b','
                        | b';'
                        | b':'
                        | b'!'
                        | b'?'
                        | b'"'
                        | b'('
                        | b')'
                        | b'['
                        | b']'
                        | b'{'
                        | b'}'
                        | b'<'
                        | b'>'
                ),
            };
            if !trailing {
                return Some(last);
            }
            last = start;
        }
        None
    }

    /// `[@#][\p{L}\p{M}\p{N}_]+`
    fn handle(&self, i: usize) -> Option<usize> {
        let end = self.run_while(i + 1, Class::is_word);
        (end > i + 1).then_some(end)
    }

    /// `(?:\p{L}\.){2,}`
    fn abbreviation(&self, i: usize) -> Option<usize> {
        let (mut end, mut pairs) = (i, 0);
        while let Some(Class::Letter) = self.class(end) {
            let after = end + self.at(end).1;
            if self.bytes.get(after) != Some(&b'.') {
                break;
            }
            end = after + 1;
            pairs += 1;
        }
        (pairs >= 2).then_some(end)
    }

    /// `\p{N}+(?:[.,]\p{N}+)+`
    fn number(&self, i: usize) -> Option<usize> {
        let digits = |i| self.run_while(i, |c| c == Class::Digit);
        let mut end = digits(i);
        let mut groups = 0;
        while matches!(self.bytes.get(end), Some(b'.' | b','))
            && self.class(end + 1) == Some(Class::Digit)
        {
            end = digits(end + 1);
            groups += 1;
        }
        (groups > 0).then_some(end)
    }

    /// `[\p{L}\p{M}\p{N}_]+(?:['\-][\p{L}\p{M}\p{N}_]+)*`, where `’` counts
    /// as `'`.
    fn word(&self, i: usize) -> usize {
        let mut end = self.run_while(i, Class::is_word);
        while let Some(Class::Apostrophe | Class::Hyphen) = self.class(end) {
            let joined = end + self.at(end).1;
            let after = self.run_while(joined, Class::is_word);
            if after == joined {
                break;
            }
            end = after;
        }
        end
    }

    /// The end of the token that starts at `i` (not white space).
    fn token(&self, i: usize, class: Class, len: usize) -> usize {
        let b = self.bytes[i];
        match class {
            Class::Letter => {
                let url = matches!(b, b'h' | b'H' | b'w' | b'W')
                    .then(|| self.url(i))
                    .flatten();
                url.or_else(|| self.abbreviation(i))
                    .unwrap_or_else(|| self.word(i))
            }
            Class::Digit => self.number(i).unwrap_or_else(|| self.word(i)),
            Class::Underscore | Class::Mark => self.word(i),
            _ if matches!(b, b'@' | b'#') => self.handle(i).unwrap_or(i + len),
            _ => i + len,
        }
    }
}

/// Writes the normalized text of `text[start..end]`: ASCII lowercased, the
/// table's characters as it maps them.
fn push(text: &str, start: usize, end: usize, table: &Table, out: &mut Tokens) {
    let norm_start = out.buf.len();
    let piece = &text[start..end];
    if piece.is_ascii() {
        out.buf.push_str(piece);
        out.buf[norm_start..].make_ascii_lowercase();
    } else {
        for c in piece.chars() {
            out.buf.push(match c {
                c if c.is_ascii() => c.to_ascii_lowercase(),
                c => table.entry(c).lower,
            });
        }
    }
    out.tokens
        .push(super::Token::new(norm_start..out.buf.len(), start..end));
}

/// Scans a text for which [`applies`] is true.
pub(super) fn scan(text: &str, out: &mut Tokens) {
    let scan = Scan {
        bytes: text.as_bytes(),
        table: Table::get(),
    };
    // Pure ASCII normalizes in place: one lowercased copy of the whole
    // text, each token's normalized range equal to its span.
    let ascii = text.is_ascii();
    if ascii {
        out.buf.push_str(text);
        out.buf.make_ascii_lowercase();
    }
    let mut i = 0;
    while i < scan.bytes.len() {
        let (class, len) = scan.at(i);
        if class == Class::Space {
            i += 1;
            continue;
        }
        let end = scan.token(i, class, len);
        if ascii {
            out.tokens.push(super::Token::new(i..end, i..end));
        } else {
            push(text, i, end, scan.table, out);
        }
        i = end;
    }
}
