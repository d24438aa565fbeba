//! Publication dates as news formats write them: `2019-10-22`, ISO 8601 / RFC 3339 timestamps
//! (`2019-10-22T08:30:00+07:00`), RFC 2822 (`Tue, 22 Oct 2019 08:30:00 +0000`, the form of
//! RSS), and a few lenient variants (`2019/10/22`, `22 October 2019`).
//!
//! A timestamp gives the calendar day *as written*, in the writer's time zone, not converted
//! to UTC: "yesterday" in an article means the day before the writer's day.

use crate::calendar::Date;

/// The publication day a date or timestamp string names, or `None` if it names none.
pub fn publication_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    iso(s).or_else(|| day_month_year(s))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD` at the start, optionally followed by a time (`T`, space).
fn iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() < 10 || !b[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sep = b[4];
    if !(sep == b'-' || sep == b'/') || b[7] != sep {
        return None;
    }
    if !b[5..7].iter().all(u8::is_ascii_digit) || !b[8..10].iter().all(u8::is_ascii_digit) {
        return None;
    }
    if let Some(&next) = b.get(10)
        && !(next == b'T' || next == b't' || next == b' ' || next == b'Z')
    {
        return None;
    }
    let year = s[..4].parse().ok()?;
    let month = s[5..7].parse().ok()?;
    let day = s[8..10].parse().ok()?;
    Date::new(year, month, day)
}

/// RFC 2822 and its relatives: `[Weekday,] DD Month YYYY [time zone]`, English month names
/// or their three-letter abbreviations.
fn day_month_year(s: &str) -> Option<Date> {
    let rest = match s.split_once(',') {
        Some((weekday, rest)) if weekday.trim().chars().all(char::is_alphabetic) => rest,
        _ => s,
    };
    let mut words = rest.split_whitespace();
    let day: u32 = words.next()?.trim_end_matches('.').parse().ok()?;
    let month = month_number(words.next()?)?;
    let year_word = words.next()?.trim_end_matches(',');
    // Four digits: `parse` would also take "+999" and "-999".
    if year_word.len() != 4 || !year_word.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = year_word.parse().ok()?;
    Date::new(year, month, day)
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let w = word.trim_end_matches(['.', ',']).to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = MONTHS.iter().position(|m| w.starts_with(m))?;
    // "Sept" and full names are fine; "Marching" is not a month.
    const FULL: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (w.len() == 3 || FULL[i].starts_with(&w) || w == "sept").then_some(i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        publication_date(s).map(|d| d.to_string())
    }

    #[test]
    fn iso_dates_and_timestamps() {
        assert_eq!(d("2019-10-22").as_deref(), Some("2019-10-22"));
        assert_eq!(
            d("2019-10-22T23:30:00-05:00").as_deref(),
            Some("2019-10-22")
        );
        assert_eq!(d("2019-10-22T08:30:00Z").as_deref(), Some("2019-10-22"));
        assert_eq!(d("2019-10-22 08:30").as_deref(), Some("2019-10-22"));
        assert_eq!(d("2019/10/22").as_deref(), Some("2019-10-22"));
        assert_eq!(d("2019-02-30"), None);
        assert_eq!(d("2019-10-221"), None);
        assert_eq!(d("20191022"), None);
    }

    #[test]
    fn rfc2822_and_written_dates() {
        assert_eq!(
            d("Tue, 22 Oct 2019 08:30:00 +0000").as_deref(),
            Some("2019-10-22")
        );
        assert_eq!(d("22 October 2019").as_deref(), Some("2019-10-22"));
        assert_eq!(d("3 Sept 2021").as_deref(), Some("2021-09-03"));
        assert_eq!(d("Tue, 22 Marching 2019"), None);
        assert_eq!(d("22 Oct -999"), None);
        assert_eq!(d("22 Oct +999"), None);
        assert_eq!(d("yesterday"), None);
        assert_eq!(d("not a date"), None);
        assert_eq!(d(""), None);
    }
}
