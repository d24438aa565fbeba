//! Civil (proleptic Gregorian) dates: parsing, day arithmetic and weekdays.
//!
//! Only what date resolution needs, so no calendar crate is pulled in.

use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year (e.g. 2020).
    pub year: i32,
    /// Month 1-12.
    pub month: u32,
    /// Day 1-31.
    pub day: u32,
}

impl Date {
    /// A valid date, or `None` (e.g. 31 April).
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// This date moved by `days` (may be negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// ISO weekday: Monday = 1 … Sunday = 7.
    pub fn weekday(self) -> u32 {
        ((self.to_days() + 3).rem_euclid(7) + 1) as u32
    }

    /// Parses `YYYY-MM-DD`: a year of four digits (so that every date read, and every day
    /// a few weeks from it, has a year of 4 or 5 digits), a month and a day of digits.
    pub fn parse(s: &str) -> Option<Date> {
        fn number(part: Option<&str>) -> Option<&str> {
            part.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        }
        let mut it = s.trim().splitn(3, '-');
        let y = number(it.next()).filter(|y| y.len() == 4)?.parse().ok()?;
        let m = number(it.next())?.parse().ok()?;
        let d = number(it.next())?.parse().ok()?;
        Date::new(y, m, d)
    }
}

impl fmt::Display for Date {
    /// The XML Schema form: `2020-03-05`, `0999-01-01`, `-0001-12-31` (a year before 1).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.year < 0 { "-" } else { "" };
        let year = self.year.unsigned_abs();
        write!(f, "{sign}{year:04}-{:02}-{:02}", self.month, self.day)
    }
}

/// Number of days in a month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A date known to the day, the month or the year (`2020-03-05`, `2020-03`, `2020`), as used
/// in the gazetteer for terms of office and agreement dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartialDate {
    /// Year.
    pub year: i32,
    /// Month, when known.
    pub month: Option<u32>,
    /// Day, when known.
    pub day: Option<u32>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let parts: Vec<&str> = s.trim().split('-').collect();
        let year: i32 = parts.first()?.parse().ok()?;
        let month: Option<u32> = match parts.get(1) {
            Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
            None => None,
        };
        let day: Option<u32> = match parts.get(2) {
            Some(d) => Some(d.parse().ok()?),
            None => None,
        };
        if parts.len() > 3 || (parts.len() == 3 && Date::new(year, month?, day?).is_none()) {
            return None;
        }
        Some(PartialDate { year, month, day })
    }

    /// The first day the partial date can mean.
    pub fn first_day(self) -> Date {
        Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1)).unwrap_or(Date {
            year: self.year,
            month: 1,
            day: 1,
        })
    }

    /// The last day the partial date can mean.
    pub fn last_day(self) -> Date {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        Date::new(self.year, month, day).unwrap_or(Date {
            year: self.year,
            month: 12,
            day: 31,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_weekday() {
        let d = Date::new(2020, 3, 5).unwrap();
        assert_eq!(Date::from_days(d.to_days()), d);
        assert_eq!(d.weekday(), 4); // a Thursday
        assert_eq!(Date::new(2016, 9, 5).unwrap().weekday(), 1);
        assert_eq!(d.add_days(-5).to_string(), "2020-02-29");
        assert_eq!(Date::new(2019, 2, 29), None);
    }

    #[test]
    fn parse_takes_four_digit_years_and_digits_only() {
        assert_eq!(Date::parse(" 2020-03-05 "), Date::new(2020, 3, 5));
        assert_eq!(Date::parse("0000-01-01"), Date::new(0, 1, 1));
        assert_eq!(Date::parse("2147483647-12-31"), None);
        assert_eq!(Date::parse("10000-01-01"), None);
        assert_eq!(Date::parse("2020-+3-05"), None);
        assert_eq!(Date::parse("2020-03"), None);
        assert_eq!(
            Date::new(0, 1, 1).unwrap().add_days(-1).to_string(),
            "-0001-12-31"
        );
    }

    #[test]
    fn partial_dates() {
        let p = PartialDate::parse("2012-05").unwrap();
        assert_eq!(p.first_day().to_string(), "2012-05-01");
        assert_eq!(p.last_day().to_string(), "2012-05-31");
        assert!(PartialDate::parse("2012-13").is_none());
        assert!(PartialDate::parse("x").is_none());
    }
}
