//! Unicode normalisation and case folding with a map back to original offsets.
//!
//! Text is NFC-normalised once when a document is read; every offset diplograph reports is a
//! character offset into that NFC text. Matching works on a *folded* copy (lowercase, with
//! typographic variants unified); [`Folded`] maps byte positions of the folded copy back to
//! character positions of the original.

use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Returns the NFC form of `text` (borrowing nothing; cheap when already NFC).
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_string(),
        _ => text.nfc().collect(),
    }
}

/// Maps one character to its folded form: typographic variants unified, then lowercased.
///
/// Apostrophes become `'`, quotation marks `"`, dashes `-`, no-break spaces ` `, and the
/// Turkish dotted capital `İ` a plain `i` (its Unicode lowercase would add a combining dot).
pub fn fold_char(c: char, out: &mut String) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{00B4}' | '\u{2032}' => out.push('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => {
            out.push('-')
        }
        '\u{00A0}' | '\u{202F}' | '\u{2007}' | '\u{2009}' => out.push(' '),
        '\u{0130}' => out.push('i'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// Folds a whole string (see [`fold_char`]), for patterns and lookup keys.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in nfc(text).chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A folded copy of a text with the map from its byte offsets to the original's characters.
#[derive(Debug, Clone)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For every byte of `text` (and one past the end), the index of the original character.
    char_at: Vec<u32>,
    /// For every original character (and one past the end), its first byte in `text`.
    byte_at: Vec<u32>,
}

impl Folded {
    /// Folds `original` (already NFC) and records the offset map.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut char_at = Vec::with_capacity(original.len() + 1);
        let mut byte_at = Vec::with_capacity(original.len() + 1);
        let mut count = 0u32;
        for (i, c) in original.chars().enumerate() {
            let before = text.len();
            byte_at.push(before as u32);
            fold_char(c, &mut text);
            char_at.resize(text.len(), i as u32);
            debug_assert!(text.len() > before);
            count = i as u32 + 1;
        }
        char_at.push(count);
        byte_at.push(text.len() as u32);
        Folded {
            text,
            char_at,
            byte_at,
        }
    }

    /// The folded text of original characters `[from, to)` (clamped to the text; empty when
    /// `from >= to`): the same as folding that part of the original, without allocating.
    pub fn slice(&self, from: usize, to: usize) -> &str {
        let last = self.byte_at.len() - 1;
        let (from, to) = (from.min(last), to.min(last));
        if from >= to {
            return "";
        }
        &self.text[self.byte_at[from] as usize..self.byte_at[to] as usize]
    }

    /// The original character index of folded byte offset `byte` (`byte` may equal the length).
    pub fn char_index(&self, byte: usize) -> usize {
        self.char_at[byte.min(self.char_at.len() - 1)] as usize
    }

    /// Whether a match at folded bytes `[start, end)` stands on word boundaries: the
    /// characters around it are not letters or digits where the match itself begins or ends
    /// with one.
    pub fn on_word_boundaries(&self, start: usize, end: usize) -> bool {
        let inner_first = self.text[start..end].chars().next();
        let inner_last = self.text[start..end].chars().next_back();
        let before = self.text[..start].chars().next_back();
        let after = self.text[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        (!word(inner_first) || !word(before)) && (!word(inner_last) || !word(after))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_composes_vietnamese() {
        let decomposed = "Nga va\u{300} Thô\u{309} Nhi\u{303} Ky\u{300}";
        assert_eq!(nfc(decomposed), "Nga và Thổ Nhĩ Kỳ");
    }

    #[test]
    fn folded_offsets_map_back() {
        let f = Folded::new("İdlib – Erdoğan’s");
        assert_eq!(f.text, "idlib - erdoğan's");
        let pos = f.text.find("erdoğan").unwrap();
        assert_eq!(f.char_index(pos), 8);
        assert_eq!(f.char_index(f.text.len()), 17);
        assert_eq!(f.slice(8, 17), "erdoğan's");
        assert_eq!(f.slice(0, 5), fold("İdlib"));
        assert_eq!(f.slice(5, 5), "");
        assert_eq!(f.slice(9, 3), "");
        assert_eq!(f.slice(16, 99), "s");
    }

    #[test]
    fn word_boundaries() {
        let f = Folded::new("Nga và Ngai");
        assert!(f.on_word_boundaries(0, 3));
        let p = f.text.rfind("nga").unwrap();
        assert!(!f.on_word_boundaries(p, p + 3));
    }
}
