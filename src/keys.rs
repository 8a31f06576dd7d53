//! Short words as integers: a word's bytes packed little-endian, zero past
//! its end, with its length in the top byte. Both profiles key their word
//! tables this way (the stancekit profile's matcher for words under 8
//! bytes, the VADER profile for words up to 15 bytes, in two integers),
//! since integers hash and compare faster than strings.

/// `len` (at most 8) bytes of `bytes` from `at`, as a little-endian
/// integer that is zero past them. Where `bytes` go on for eight bytes
/// from `at`, this is one load and a mask.
#[inline(always)]
pub(crate) fn load(bytes: &[u8], at: usize, len: usize) -> u64 {
    let mask = u64::MAX.checked_shr(64 - 8 * len as u32).unwrap_or(0);
    let eight =
        |from: usize| u64::from_le_bytes(bytes[from..from + 8].try_into().expect("8 bytes"));
    if at + 8 <= bytes.len() {
        eight(at) & mask
    } else if bytes.len() >= 8 {
        // Near the end: the last eight bytes, shifted down to `at`.
        let shift = 8 * (at + 8 - bytes.len()) as u32;
        eight(bytes.len() - 8).checked_shr(shift).unwrap_or(0) & mask
    } else {
        (bytes[at..at + len].iter().rev()).fold(0, |x, &b| x << 8 | u64::from(b))
    }
}

/// A word's length in the top byte of its key, below which its bytes are
/// packed: a word of up to 7 bytes is then one integer, its bytes and its
/// length; one of 8 to 15 bytes two, its first eight bytes, then the rest
/// with its length.
#[inline(always)]
pub(crate) fn length_tag(len: usize) -> u64 {
    (len as u64) << 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_read_words_anywhere_in_the_text() {
        for text in ["ab", "abcdefghij", "xyz abcdefghijklmnop"] {
            let bytes = text.as_bytes();
            for at in 0..bytes.len() {
                for len in 0..=(bytes.len() - at).min(8) {
                    let mut expected = [0u8; 8];
                    expected[..len].copy_from_slice(&bytes[at..at + len]);
                    assert_eq!(
                        load(bytes, at, len),
                        u64::from_le_bytes(expected),
                        "{text} {at} {len}"
                    );
                }
            }
        }
    }
}
