//! Saved web pages: the article's main text, title, publication date, language and URL.
//!
//! The page is parsed by html5ever (through `dom_query`) and the article found by
//! `dom_smoothie`, a port of Mozilla's Readability: menus, scripts, share bars and other
//! boilerplate are left out. Short pages that Readability declines (a brief news item) fall
//! back to the text of the body without its navigation, header, footer, aside and form
//! elements. The publication date is, in order: `<meta property="article:published_time">`
//! and the other meta keys Readability knows, JSON-LD `datePublished`, then the first
//! `<time datetime>` (inside `<article>` or `<main>` first).

use dom_query::Document as HtmlDocument;
use dom_smoothie::{Config, Readability, TextMode};

/// What a page holds for diplograph.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Article {
    /// The headline.
    pub title: Option<String>,
    /// The article text, paragraphs separated by blank lines.
    pub text: String,
    /// The publication date as the page writes it (not yet checked).
    pub published: Option<String>,
    /// The page's canonical URL, when it names one.
    pub url: Option<String>,
    /// The page's language code (`vi` from `<html lang="vi-VN">`).
    pub lang: Option<String>,
}

/// Elements that are never article text.
const BOILERPLATE: &str = "script, style, noscript, template, nav, header, footer, aside, form, \
     menu, button, iframe, svg, [role=navigation], [role=banner], [role=contentinfo], \
     [aria-hidden=true]";

/// Finds the article in a page.
pub(super) fn article(html: &str) -> Result<Article, String> {
    if !has_markup(html) {
        return Err("not an HTML page (no elements)".into());
    }
    let page = HtmlDocument::from(html);
    let time = time_datetime(&page);
    let canonical = page
        .select("link[rel=canonical]")
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http"));
    let html_lang = page.select("html").attr("lang").map(|l| l.to_string());
    let fallback_title = page
        .select("title")
        .text()
        .trim()
        .to_string()
        .chars()
        .take(300)
        .collect::<String>();
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let body_text = body_text(&page);
    // Without its menus, scripts and forms the body is empty: whatever Readability would
    // pick is boilerplate.
    if body_text.is_empty() {
        return Err("HTML page has no article text (no body, or only menus and scripts)".into());
    }
    let readable = Readability::with_document(page, None, Some(config))
        .ok()
        .and_then(|mut r| r.parse().ok());
    let (title, text, published, url, lang) = match readable {
        Some(a) => {
            let text = a.text_content.trim().to_string();
            // Readability sometimes keeps only a caption of a short page.
            let text = if text.chars().count() * 2 < body_text.chars().count() && text.len() < 500 {
                body_text
            } else {
                text
            };
            (
                Some(a.title).filter(|t| !t.trim().is_empty()),
                text,
                a.published_time,
                a.url.filter(|u| u.starts_with("http")),
                a.lang,
            )
        }
        None => (None, body_text, None, None, None),
    };
    let title = title
        .or_else(|| (!fallback_title.is_empty()).then_some(fallback_title))
        .map(|t| t.trim().to_string());
    if text.trim().is_empty() {
        return Err("HTML page has no article text (no body, or only menus and scripts)".into());
    }
    // Readability may repeat the headline as the first paragraph; a first sentence that only
    // begins with the headline's words is text.
    let text = match &title {
        Some(t)
            if text
                .strip_prefix(t.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('\n')) =>
        {
            text[t.len()..].trim_start().to_string()
        }
        _ => text,
    };
    Ok(Article {
        title,
        text,
        published: published.filter(|p| !p.trim().is_empty()).or(time),
        url: canonical.or(url),
        lang: lang.or(html_lang).and_then(|l| primary_subtag(&l)),
    })
}

/// The text of an HTML page's bytes: in the charset the HTTP headers declare, else the one a
/// `<meta charset>` in its first kilobytes declares, else UTF-8. With `strict`, bytes that are
/// not valid UTF-8 in an undeclared page are an error (a saved file); without, they become
/// U+FFFD (a crawled page).
pub(super) fn decode_html(
    bytes: &[u8],
    declared: Option<&str>,
    strict: bool,
) -> Result<String, String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err("binary data (contains NUL bytes), expected an HTML page".into());
    }
    let label = declared
        .map(str::to_string)
        .or_else(|| meta_charset(&bytes[..bytes.len().min(4096)]));
    let encoding = label
        .as_deref()
        .and_then(|l| {
            encoding_rs::Encoding::for_label(l.trim().trim_matches(['"', '\'']).as_bytes())
        })
        .unwrap_or(encoding_rs::UTF_8);
    if encoding == encoding_rs::UTF_8 {
        let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
        return match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) if strict => Err(format!(
                "not valid UTF-8 (invalid byte at offset {}) and no other charset declared",
                e.valid_up_to()
            )),
            Err(_) => Ok(String::from_utf8_lossy(bytes).into_owned()),
        };
    }
    Ok(encoding.decode(bytes).0.into_owned())
}

/// The charset a `<meta charset=…>` or `<meta http-equiv content="…; charset=…">` names.
fn meta_charset(head: &[u8]) -> Option<String> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<meta") {
        rest = &rest[i + 5..];
        let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
        if let Some(j) = tag.find("charset=") {
            let value: String = tag[j + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if !value.is_empty() {
                return Some(value);
            }
        }
    }
    None
}

/// Whether the text holds at least one tag.
fn has_markup(html: &str) -> bool {
    let head = &html.as_bytes()[..html.len().min(64 * 1024)];
    head.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'!'))
}

/// The body's text without boilerplate elements, paragraphs separated by blank lines.
fn body_text(page: &HtmlDocument) -> String {
    let copy = HtmlDocument::from(page.html());
    copy.select(BOILERPLATE).remove();
    copy.select("body").formatted_text().trim().to_string()
}

/// The first `<time datetime>`, preferring one inside the article.
fn time_datetime(page: &HtmlDocument) -> Option<String> {
    for selector in [
        "article time[datetime]",
        "main time[datetime]",
        "time[datetime]",
    ] {
        if let Some(d) = page.select(selector).attr("datetime") {
            let d = d.trim();
            if !d.is_empty() {
                return Some(d.to_string());
            }
        }
    }
    None
}

/// `vi` from `vi-VN`, lowercased; `None` for an empty or malformed tag.
fn primary_subtag(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (2..=3)
        .contains(&primary.len())
        .then_some(primary)
        .filter(|p| p.chars().all(|c| c.is_ascii_lowercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_without_menus_and_scripts() {
        let page = r#"<!doctype html><html lang="fr-FR"><head><title>Accord signé</title>
<meta property="article:published_time" content="2021-03-04T10:00:00+01:00">
<script>var tracking = "Le Mali et le Niger ont signé";</script></head>
<body><nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Accord signé</h1><p>Le Ghana et le Togo ont signé un accord frontalier à Lomé.</p>
<p>Les deux pays négociaient depuis 2015.</p></article>
<footer>Tous droits réservés</footer></body></html>"#;
        let a = article(page).unwrap();
        assert_eq!(a.title.as_deref(), Some("Accord signé"));
        assert!(
            a.text.contains("Le Ghana et le Togo ont signé"),
            "{}",
            a.text
        );
        assert!(a.text.contains("\n\nLes deux pays"), "{:?}", a.text);
        assert!(!a.text.contains("Accueil") && !a.text.contains("tracking"));
        assert!(!a.text.contains("droits réservés"));
        assert_eq!(a.published.as_deref(), Some("2021-03-04T10:00:00+01:00"));
        assert_eq!(a.lang.as_deref(), Some("fr"));
    }

    #[test]
    fn a_headline_is_dropped_from_the_text_only_as_a_whole_paragraph() {
        let repeated = "<html><head><title>Talks in Lima</title></head><body><article>\
<h1>Talks in Lima</h1><p>Chile and Peru held talks in Lima on Monday.</p></article></body></html>";
        let a = article(repeated).unwrap();
        assert!(a.text.starts_with("Chile and Peru"), "{:?}", a.text);
        let prefix = "<html><head><title>Japan and Vietnam</title></head><body><article>\
<p>Japan and Vietnam signed a defence agreement in Hanoi.</p></article></body></html>";
        let a = article(prefix).unwrap();
        assert!(
            a.text.starts_with("Japan and Vietnam signed"),
            "{:?}",
            a.text
        );
    }

    #[test]
    fn dates_from_json_ld_and_time_elements() {
        let ld = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@type":"NewsArticle","headline":"Talks","datePublished":"2012-05-06T08:00:00Z"}
</script></head><body><p>Chile and Peru held talks in Lima.</p></body></html>"#;
        assert_eq!(
            article(ld).unwrap().published.as_deref(),
            Some("2012-05-06T08:00:00Z")
        );
        let time = r#"<html><body><article><p>Kenya and Uganda met in Nairobi.</p>
<time datetime="2008-07-01">1 July</time></article></body></html>"#;
        assert_eq!(
            article(time).unwrap().published.as_deref(),
            Some("2008-07-01")
        );
    }

    #[test]
    fn a_page_without_text_is_an_error() {
        assert!(article("<html><head><title>Empty</title></head></html>").is_err());
        assert!(article("<html><body><nav>Home</nav><script>x()</script></body></html>").is_err());
        assert!(article("just words, no markup").is_err());
    }

    #[test]
    fn charsets() {
        let latin1 =
            b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Gen\xe8ve</p></body></html>";
        assert!(decode_html(latin1, None, true).unwrap().contains("Genève"));
        let declared = b"<p>Gen\xe8ve</p>";
        assert!(
            decode_html(declared, Some("windows-1252"), true)
                .unwrap()
                .contains("Genève")
        );
        assert!(decode_html(declared, None, true).is_err());
        assert!(
            decode_html(declared, None, false)
                .unwrap()
                .contains('\u{fffd}')
        );
    }

    #[test]
    fn language_tags() {
        assert_eq!(primary_subtag("vi-VN").as_deref(), Some("vi"));
        assert_eq!(primary_subtag("EN").as_deref(), Some("en"));
        assert_eq!(primary_subtag(""), None);
        assert_eq!(primary_subtag("x1"), None);
    }
}
