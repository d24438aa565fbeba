//! Splitting a document into paragraphs and sentences.
//!
//! Paragraphs are lines; a line without final punctuation (a headline, a dateline) is a
//! sentence of its own. Inside a paragraph a sentence ends at `.`, `!`, `?` or `…` (possibly
//! repeated, possibly followed by closing quotes or brackets) when whitespace and a capital
//! letter, a digit or an opening quote follow, unless the dot ends an abbreviation of the
//! paragraph's language ("U.S.", "Mr.", "Gen.") or an initial ("George W. Bush").
//! Every offset is a character offset.

use std::collections::HashSet;

/// A paragraph: one non-blank line of the document, without its surrounding whitespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph<'a> {
    /// Character offset of the paragraph in the document.
    pub start: usize,
    /// Its text.
    pub text: &'a str,
}

/// Splits `text` into its non-blank lines, trimmed, with their character offsets.
pub fn paragraphs(text: &str) -> Vec<Paragraph<'_>> {
    let mut out = Vec::new();
    let mut char_pos = 0usize;
    for line in text.split('\n') {
        let line_chars = line.chars().count();
        let trimmed_start = line.trim_start();
        let lead = line.len() - trimmed_start.len();
        let trimmed = trimmed_start.trim_end();
        if !trimmed.is_empty() {
            let lead_chars = line[..lead].chars().count();
            out.push(Paragraph {
                start: char_pos + lead_chars,
                text: trimmed,
            });
        }
        char_pos += line_chars + 1;
    }
    out
}

/// The words of a language that end with a dot without ending a sentence.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    words: HashSet<String>,
}

impl Abbreviations {
    /// Builds the set from words written without their final dot ("Mr", "U.S").
    pub fn new<I: IntoIterator<Item = S>, S: AsRef<str>>(words: I) -> Abbreviations {
        Abbreviations {
            words: words
                .into_iter()
                .map(|w| w.as_ref().trim_end_matches('.').to_lowercase())
                .collect(),
        }
    }

    fn contains(&self, token: &str) -> bool {
        self.words.contains(&token.to_lowercase())
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '？' | '！')
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›' | '」' | '』'
    )
}

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '„' | '—' | '–' | '-'
    )
}

/// The longest sentence, in characters. Longer runs without a sentence end (tables, lists,
/// garbage) are cut at the last space before this length, so that the cost of analysing a
/// sentence stays bounded whatever the input.
pub const MAX_SENTENCE_CHARS: usize = 1000;

/// Splits one paragraph into sentences; returns `[start, end)` character offsets within it.
pub fn sentences(paragraph: &str, abbreviations: &Abbreviations) -> Vec<(usize, usize)> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out = Vec::new();
    for (start, end) in natural_sentences(&chars, abbreviations) {
        let mut s = start;
        while end - s > MAX_SENTENCE_CHARS {
            let limit = s + MAX_SENTENCE_CHARS;
            let cut = (s + 1..limit)
                .rev()
                .find(|&i| chars[i].is_whitespace())
                .unwrap_or(limit);
            let mut e = cut;
            while e > s && chars[e - 1].is_whitespace() {
                e -= 1;
            }
            if e > s {
                out.push((s, e));
            }
            s = cut;
            while s < end && chars[s].is_whitespace() {
                s += 1;
            }
        }
        if end > s {
            out.push((s, end));
        }
    }
    out
}

fn natural_sentences(chars: &[char], abbreviations: &Abbreviations) -> Vec<(usize, usize)> {
    let n = chars.len();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        if !is_terminal(chars[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < n && is_terminal(chars[j + 1]) {
            j += 1;
        }
        let mut k = j + 1;
        while k < n && is_closing(chars[k]) {
            k += 1;
        }
        // French puts a space before closing guillemets: ". »".
        if k + 1 < n && chars[k].is_whitespace() && chars[k + 1] == '»' {
            k += 2;
        }
        if k >= n || !chars[k].is_whitespace() {
            i = k.max(i + 1);
            continue;
        }
        let mut m = k;
        while m < n && chars[m].is_whitespace() {
            m += 1;
        }
        if m >= n {
            break;
        }
        let next = chars[m];
        // A name may begin with an ʻokina or an apostrophe ("ʻAkilisi Pōhiva", "'Utoikamanu").
        let after_mark =
            matches!(next, 'ʻ' | 'ʼ' | '’') && chars.get(m + 1).is_some_and(|c| c.is_uppercase());
        let starts_sentence =
            next.is_uppercase() || next.is_ascii_digit() || is_opening(next) || after_mark;
        let single_dot = chars[i] == '.' && j == i;
        if starts_sentence && !(single_dot && ends_abbreviation(chars, i, abbreviations)) {
            out.push((start, k));
            start = m;
        }
        i = m;
    }
    if start < n {
        let mut end = n;
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        if end > start {
            out.push((start, end));
        }
    }
    out
}

/// Whether the dot at `dot` ends an abbreviation or an initial.
fn ends_abbreviation(chars: &[char], dot: usize, abbreviations: &Abbreviations) -> bool {
    let mut s = dot;
    while s > 0 && !chars[s - 1].is_whitespace() && !is_opening(chars[s - 1]) {
        s -= 1;
    }
    let token: String = chars[s..dot].iter().collect();
    if token.is_empty() {
        return false;
    }
    // An initial ("W."), or a run of them written together ("E.P.", "J.R.R.").
    let initials = token.split('.').all(|part| {
        let mut letters = part.chars();
        letters.next().is_some_and(char::is_uppercase) && letters.next().is_none()
    });
    // After an acronym a lone capital is a numeral that can end a sentence ("START I."),
    // not a middle initial ("George W. Bush" has a name before it).
    let numeral = token.chars().count() == 1 && previous_word(chars, s).is_some_and(is_acronym);
    (initials && !numeral) || abbreviations.contains(&token)
}

/// The word that ends before `at` (skipping white space), if any.
fn previous_word(chars: &[char], at: usize) -> Option<String> {
    let mut e = at;
    while e > 0 && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    let mut s = e;
    while s > 0 && !chars[s - 1].is_whitespace() {
        s -= 1;
    }
    (e > s && e < at).then(|| chars[s..e].iter().collect())
}

/// Two or more capital letters and nothing else ("START", "SALT", "NATO").
fn is_acronym(word: String) -> bool {
    word.chars().count() >= 2 && word.chars().all(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let abbr = Abbreviations::new(["Mr", "U.S", "Gen", "St", "U.N"]);
        sentences(text, &abbr)
            .into_iter()
            .map(|(s, e)| text.chars().skip(s).take(e - s).collect())
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        let s = split(
            "U.S. President Barack Obama met Mr. Putin at St. Petersburg. George W. Bush did not. \
             Foreign Minister E.P. Chet Greene and J.R.R. Tolkien agreed.",
        );
        assert_eq!(s.len(), 3, "{s:?}");
    }

    #[test]
    fn a_numeral_after_an_acronym_ends_a_sentence() {
        let s = split("Both sides agreed to extend START I. Washington welcomed the step.");
        assert_eq!(s.len(), 2, "{s:?}");
        // a middle initial after a name does not
        let s = split("Talks with Leonid I. Brezhnev and Harry S. Truman went well.");
        assert_eq!(s.len(), 1, "{s:?}");
    }

    #[test]
    fn a_sentence_may_start_with_an_okina() {
        let s = split("The talks ended without a deal. ʻAkilisi Pōhiva left for Nukuʻalofa.");
        assert_eq!(s.len(), 2, "{s:?}");
        let s = split("He met Fekitamoeloa 'Utoikamanu. 'Utoikamanu said so.");
        assert_eq!(s.len(), 2, "{s:?}");
    }

    #[test]
    fn quotes_stay_with_their_sentence() {
        let s = split("He said it was “productive.” Putin agreed. “We will see,” he said.");
        assert_eq!(
            s,
            vec![
                "He said it was “productive.”",
                "Putin agreed.",
                "“We will see,” he said."
            ]
        );
    }

    #[test]
    fn numbers_and_lowercase_continuations() {
        let s = split("They withdrew 30 km. from the border on 4/3 at 3.5 km etc. and left.");
        assert_eq!(s.len(), 1, "{s:?}");
    }

    #[test]
    fn repeated_dots_end_once() {
        let s = split("Turkey remains committed to the Sochi agreement.. The deadline passed.");
        assert_eq!(s.len(), 2);
    }

    #[test]
    fn overlong_runs_are_cut_at_spaces() {
        let text = "word ".repeat(1000);
        let parts = sentences(text.trim_end(), &Abbreviations::default());
        assert!(parts.len() >= 5);
        assert!(
            parts
                .iter()
                .all(|(s, e)| e - s <= MAX_SENTENCE_CHARS && e > s)
        );
        let no_spaces = "x".repeat(2500);
        let parts = sentences(&no_spaces, &Abbreviations::default());
        assert_eq!(parts, vec![(0, 1000), (1000, 2000), (2000, 2500)]);
    }

    #[test]
    fn paragraphs_have_char_offsets() {
        let p = paragraphs("Thổ Nhĩ Kỳ\n\n  Nga ký.\n");
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].start, 14);
        assert_eq!(p[1].text, "Nga ký.");
    }
}
