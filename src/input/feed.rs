//! RSS (0.9x, 1.0, 2.0), Atom and JSON Feed files, parsed by `feed-rs`: each item one
//! document with its title as the first paragraph, its content (or description) as text, its
//! link as source and id, and its publication (or update) date.
//!
//! An item's HTML content is reduced to its text. An item whose date cannot be read is
//! loaded without a date and reported; an item with neither title nor text is reported and
//! skipped; a feed that cannot be parsed at all is one error.

use super::published::publication_date;
use super::{InputError, url_id, with_title};
use crate::calendar::Date;
use crate::extract::Document;
use chrono::{DateTime, TimeZone, Utc};
use std::sync::{Arc, Mutex};

/// Reads every item of the feed in `bytes` (from the file shown as `shown`, named `stem`).
pub(super) fn read(
    shown: &str,
    stem: &str,
    bytes: &[u8],
    on_document: &mut dyn FnMut(Document),
    on_error: &mut dyn FnMut(InputError),
) {
    // feed-rs hands every date string to this parser; the ones it cannot read are kept, in
    // order, to be reported with their items.
    let unread: Arc<Mutex<Vec<String>>> = Arc::default();
    let unread_in_parser = Arc::clone(&unread);
    let parser = feed_rs::parser::Builder::new()
        .timestamp_parser(move |s| {
            let day = publication_date(s);
            if day.is_none() {
                unread_in_parser
                    .lock()
                    .expect("not poisoned")
                    .push(s.trim().to_string());
            }
            day.map(midnight)
        })
        .build();
    let feed = match parser.parse(bytes) {
        Ok(f) => f,
        Err(e) => {
            return on_error(InputError {
                culprit: shown.to_string(),
                message: format!("not a readable RSS or Atom feed: {e}"),
            });
        }
    };
    let mut unread = std::mem::take(&mut *unread.lock().expect("not poisoned")).into_iter();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .map(|l| l.href.trim().to_string())
            .filter(|h| !h.is_empty());
        let culprit = format!(
            "{shown}: item {} ({})",
            i + 1,
            link.as_deref().unwrap_or(entry.id.as_str())
        );
        let title = entry.title.map(|t| plain_text(&t.content));
        let body = entry
            .content
            .and_then(|c| c.body)
            .or(entry.summary.map(|s| s.content))
            .map(|b| plain_text(&b))
            .unwrap_or_default();
        if body.trim().is_empty() && title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            on_error(InputError {
                culprit,
                message: "item has neither title nor text".into(),
            });
            continue;
        }
        // A link that names no page ("http://") does not make an id.
        let id = match link.as_deref().map(url_id).filter(|id| !id.is_empty()) {
            Some(id) => id,
            None => format!("{stem}/{}", entry.id.trim()),
        };
        let mut doc = with_title(id, title, &body);
        doc.source = link.or_else(|| Some(shown.to_string()));
        match entry.published.or(entry.updated) {
            Some(t) => doc.date = Some(t.date_naive().format("%Y-%m-%d").to_string()),
            None => {
                if let Some(raw) = unread.next() {
                    on_error(InputError {
                        culprit,
                        message: format!("date '{raw}' is not a date; item loaded without one"),
                    });
                }
            }
        }
        on_document(doc);
    }
}

/// A day as a timestamp for feed-rs (the day as written, see [`publication_date`]).
fn midnight(d: Date) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(d.year, d.month, d.day, 0, 0, 0)
        .single()
        .expect("a valid date has a midnight")
}

/// The text of an HTML fragment (a feed's description), paragraphs kept.
fn plain_text(fragment: &str) -> String {
    if !fragment.contains('<') && !fragment.contains('&') {
        return fragment.trim().to_string();
    }
    let doc = dom_query::Document::fragment(fragment);
    doc.select("script, style").remove();
    doc.formatted_text().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &str) -> (Vec<Document>, Vec<String>) {
        let (mut docs, mut errors) = (Vec::new(), Vec::new());
        read(
            "feed.xml",
            "feed",
            bytes.as_bytes(),
            &mut |d| docs.push(d),
            &mut |e| errors.push(e.to_string()),
        );
        (docs, errors)
    }

    #[test]
    fn rss_items_with_a_bad_date() {
        let rss = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>Chile and Peru sign accord</title><link>https://news.example/a</link>
<description>&lt;p&gt;Chile and Peru signed a border accord in Lima.&lt;/p&gt;</description>
<pubDate>Tue, 22 Oct 2019 08:30:00 +0000</pubDate></item>
<item><title>Kenya hosts talks</title><link>https://news.example/b</link>
<description>Kenya and Uganda held talks.</description><pubDate>someday soon</pubDate></item>
</channel></rss>"#;
        let (docs, errors) = read_all(rss);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].id, "news.example/a");
        assert_eq!(docs[0].date.as_deref(), Some("2019-10-22"));
        assert_eq!(docs[0].title.as_deref(), Some("Chile and Peru sign accord"));
        assert!(
            docs[0]
                .text
                .starts_with("Chile and Peru sign accord\n\nChile and Peru signed")
        );
        assert_eq!(docs[1].date, None);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("item 2") && errors[0].contains("someday soon"));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2003-12-13T18:30:02Z</updated>
<entry><title>Ministers meet</title><id>urn:wire:1</id>
<link href="https://wire.example/1"/><updated>2003-12-13T18:30:02Z</updated>
<content type="html">&lt;p&gt;Brazil and Argentina met in Brasília.&lt;/p&gt;</content></entry>
</feed>"#;
        let (docs, errors) = read_all(atom);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].date.as_deref(), Some("2003-12-13"));
        assert!(docs[0].text.contains("Brazil and Argentina met"));
    }

    #[test]
    fn broken_feed_is_one_error() {
        let (docs, errors) = read_all("<rss><channel><item><title>x</item>");
        assert!(docs.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
