//! Language identification with the `whatlang` detector, restricted to the languages
//! diplograph has data for.

use whatlang::{Detector, Lang};

/// Texts shorter than this (in characters) take the language of their surroundings.
const MIN_CHARS: usize = 40;

/// Identifies the language of documents and paragraphs among a fixed set of languages.
pub struct LanguageIdentifier {
    detector: Detector,
    /// (whatlang language, our code) for every language with data.
    codes: Vec<(Lang, String)>,
}

impl LanguageIdentifier {
    /// Builds an identifier for `(code, iso639_3)` pairs such as `("vi", "vie")`.
    /// Pairs whose ISO 639-3 code the detector does not know are ignored.
    pub fn new<'a, I: IntoIterator<Item = (&'a str, &'a str)>>(languages: I) -> Self {
        let codes: Vec<(Lang, String)> = languages
            .into_iter()
            .filter_map(|(code, iso3)| Lang::from_code(iso3).map(|l| (l, code.to_string())))
            .collect();
        let detector = Detector::with_allowlist(codes.iter().map(|(l, _)| *l).collect());
        LanguageIdentifier { detector, codes }
    }

    /// The language of `text`, if it is long enough to tell and the detector is confident.
    pub fn identify(&self, text: &str) -> Option<&str> {
        if self.codes.len() == 1 {
            return Some(&self.codes[0].1);
        }
        if text.chars().filter(|c| c.is_alphabetic()).count() < MIN_CHARS {
            return None;
        }
        let info = self.detector.detect(text)?;
        if info.confidence() < 0.5 {
            return None;
        }
        self.codes
            .iter()
            .find(|(l, _)| *l == info.lang())
            .map(|(_, c)| c.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_three_languages_apart() {
        let id = LanguageIdentifier::new([("en", "eng"), ("fr", "fra"), ("vi", "vie")]);
        assert_eq!(
            id.identify("Nga và Thổ Nhĩ Kỳ ngày 22/10 đã nhất trí một thỏa thuận về Syria."),
            Some("vi")
        );
        assert_eq!(
            id.identify("La Russie et la Turquie ont signé un accord de cessez-le-feu à Moscou."),
            Some("fr")
        );
        assert_eq!(
            id.identify("Russia and Turkey signed a ceasefire agreement in Moscow on Thursday."),
            Some("en")
        );
        assert_eq!(id.identify("11 Mai 2017"), None);
    }
}
