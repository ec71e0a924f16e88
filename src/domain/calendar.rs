//! Business-day arithmetic in the user's time zone. Two calendars: weekends only, and mainland
//! China's, where the State Council's statutory holidays are off and its make-up working days
//! (调休上班) are worked even on a weekend. The Chinese dates are data
//! (`assets/holidays.cn.json`, one year per notice); a day in a year the data does not cover
//! counts as a plain weekday or weekend, and the count says which year was not known.

use std::collections::BTreeMap;

use jiff::{
    Timestamp,
    civil::{Date, Weekday},
    tz::TimeZone,
};
use serde::Deserialize;

fn is_weekend(d: Weekday) -> bool {
    matches!(d, Weekday::Saturday | Weekday::Sunday)
}

/// Which days are working days.
#[derive(Debug, Clone, Copy)]
pub enum Calendar<'a> {
    /// Monday to Friday.
    Weekends,
    /// Mainland China: weekends and statutory holidays off, make-up working days worked.
    China(&'a Holidays),
}

/// One year's arrangement, as the State Council General Office's notice sets it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HolidayYear {
    /// The notice's title (and number), as published.
    pub notice: String,
    /// The notice's date.
    pub published: Date,
    /// Where the notice is published.
    pub url: String,
    /// The holiday periods, first and last day off (inclusive).
    pub off: Vec<Period>,
    /// Make-up working days (weekend days that are worked).
    pub work: Vec<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub name: String,
    pub from: Date,
    pub to: Date,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaysFile {
    #[serde(default)]
    about: String,
    years: BTreeMap<i16, HolidayYear>,
}

/// The years whose holidays are known, and each listed day as bits by day of the year (the
/// list sorts a thousand cases by deadlines counted on this at every key).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holidays {
    years: BTreeMap<i16, HolidayYear>,
    marks: Vec<YearMarks>,
}

/// One calendar year's listed days: `off` and `work` bits by day of the year (0-based), and
/// whether the year's own notice is known (a notice may list a day of the December before).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct YearMarks {
    year: i16,
    covered: bool,
    off: [u64; 6],
    work: [u64; 6],
}

impl Holidays {
    /// Parses and checks a holidays file: every date in its year (or the December before, where
    /// a notice moves a day across New Year), periods in order and at most a month long, make-up
    /// days on a weekend and outside the holidays.
    pub fn parse(json: &str) -> Result<Holidays, String> {
        let file: HolidaysFile = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let _ = file.about;
        let mut h = Holidays::default();
        for (year, y) in file.years {
            h.insert(year, y)?;
        }
        Ok(h)
    }

    fn insert(&mut self, year: i16, y: HolidayYear) -> Result<(), String> {
        let in_year = |d: Date| d.year() == year || (d.year() == year - 1 && d.month() == 12);
        let mut days = BTreeMap::new();
        for p in &y.off {
            let ok = in_year(p.from) && in_year(p.to) && p.from <= p.to;
            if !ok || (p.to - p.from).get_days() > 31 {
                return Err(format!("{year}: {} {}..{}", p.name, p.from, p.to));
            }
            let mut d = p.from;
            loop {
                days.insert(d, false);
                if d >= p.to {
                    break;
                }
                d = next_day(d);
            }
        }
        for &d in &y.work {
            if !in_year(d) || !is_weekend(d.weekday()) || days.insert(d, true).is_some() {
                return Err(format!("{year}: make-up working day {d}"));
            }
        }
        if y.notice.trim().is_empty() || !y.url.starts_with("https://") {
            return Err(format!(
                "{year}: the notice and its https address are required"
            ));
        }
        for (d, worked) in days {
            let m = self.marks_mut(d.year());
            let (word, bit) = slot(d);
            if worked {
                m.work[word] |= bit;
            } else {
                m.off[word] |= bit;
            }
        }
        self.marks_mut(year).covered = true;
        self.years.insert(year, y);
        Ok(())
    }

    fn marks_mut(&mut self, year: i16) -> &mut YearMarks {
        let i = match self.marks.iter().position(|m| m.year == year) {
            Some(i) => i,
            None => {
                self.marks.push(YearMarks {
                    year,
                    ..YearMarks::default()
                });
                self.marks.len() - 1
            }
        };
        &mut self.marks[i]
    }

    /// `Some(worked)` for a listed day, and whether the day's year is known.
    fn day(&self, d: Date) -> (Option<bool>, bool) {
        let Some(m) = self.marks.iter().find(|m| m.year == d.year()) else {
            return (None, false);
        };
        let (word, bit) = slot(d);
        let listed = if m.off[word] & bit != 0 {
            Some(false)
        } else if m.work[word] & bit != 0 {
            Some(true)
        } else {
            None
        };
        (listed, m.covered)
    }

    /// Adds the years of `other` this calendar does not have (the published notices are kept
    /// over a user's copy); returns the years added.
    pub fn add(&mut self, other: Holidays) -> Vec<i16> {
        let mut added = vec![];
        for (year, y) in other.years {
            if !self.years.contains_key(&year) && self.insert(year, y).is_ok() {
                added.push(year);
            }
        }
        added
    }

    pub fn covers(&self, year: i16) -> bool {
        self.years.contains_key(&year)
    }

    pub fn years(&self) -> impl Iterator<Item = (i16, &HolidayYear)> {
        self.years.iter().map(|(y, h)| (*y, h))
    }
}

impl Calendar<'_> {
    /// Whether `d` is a working day, and the year whose holidays were needed but not known.
    fn working(self, d: Date) -> (bool, Option<i16>) {
        let weekday = !is_weekend(d.weekday());
        match self {
            Calendar::Weekends => (weekday, None),
            Calendar::China(h) => match h.day(d) {
                (Some(worked), _) => (worked, None),
                (None, true) => (weekday, None),
                (None, false) => (weekday, Some(d.year())),
            },
        }
    }
}

/// A due time and, when the calendar lacked a year it needed, that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub at: Timestamp,
    pub unknown_year: Option<i16>,
}

/// The moment `n` business days after `from`, at the same local time of day, weekends only.
pub fn add_business_days(from: Timestamp, n: u32, tz: &TimeZone) -> Timestamp {
    count_business_days(from, n, tz, Calendar::Weekends).at
}

/// The moment `n` business days after `from` in `cal`, at the same local time of day. A start
/// on a day off counts from the next working day: Saturday + 1 business day is Tuesday, like
/// Monday + 1. The days are counted on the calendar and the zone consulted once at each end
/// (the list sorts a thousand cases by this at every key).
pub fn count_business_days(from: Timestamp, n: u32, tz: &TimeZone, cal: Calendar) -> Counted {
    let local = tz.to_datetime(from);
    let mut date = local.date();
    let mut unknown = None;
    let mut step = |d: Date| {
        let (worked, missing) = cal.working(d);
        unknown = unknown.or(missing);
        worked
    };
    // Bounded: a calendar cannot have more than a month off in a row, so a year of days is
    // far more than any count needs.
    let mut guard = 0u32;
    while !step(date) && guard < 366 {
        date = next_day(date);
        guard += 1;
    }
    let mut left = n;
    while left > 0 && guard < n.saturating_mul(2).saturating_add(366) {
        date = next_day(date);
        guard += 1;
        if step(date) {
            left -= 1;
        }
    }
    // A time of day that the zone skips on that date (a DST gap) moves forward past the gap.
    let at = tz
        .to_ambiguous_timestamp(date.to_datetime(local.time()))
        .compatible()
        .unwrap_or(from);
    Counted {
        at,
        unknown_year: unknown,
    }
}

/// The word and bit of a date's day of the year.
fn slot(d: Date) -> (usize, u64) {
    let i = usize::try_from(d.day_of_year() - 1).unwrap_or(0);
    (i / 64, 1u64 << (i % 64))
}

fn next_day(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
}

/// Whole calendar days from `now`'s local date to `due`'s local date: 0 today, negative when
/// the date has passed.
pub fn days_left(due: Timestamp, now: Timestamp, tz: &TimeZone) -> i64 {
    let d = due.to_zoned_datetime(tz.clone()).date();
    let n = now.to_zoned_datetime(tz.clone()).date();
    // Date subtraction yields a span in days (its largest unit), never weeks or months.
    i64::from((d - n).get_days())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn friday_evening_plus_five_is_next_friday() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        // 2026-11-20 is a Friday; 17:00 in Shanghai.
        let due = add_business_days(at("2026-11-20T09:00:00Z"), 5, &tz);
        assert_eq!(due, at("2026-11-27T09:00:00Z"));
    }

    #[test]
    fn across_year_end_and_weekend_start() {
        let tz = TimeZone::UTC;
        // Thursday 2026-12-31 + 2 → Monday 2027-01-04.
        assert_eq!(
            add_business_days(at("2026-12-31T10:00:00Z"), 2, &tz),
            at("2027-01-04T10:00:00Z")
        );
        // Saturday + 1 → Tuesday.
        assert_eq!(
            add_business_days(at("2026-11-21T10:00:00Z"), 1, &tz),
            at("2026-11-24T10:00:00Z")
        );
    }

    #[test]
    fn keeps_the_local_time_across_a_dst_change() {
        let tz = TimeZone::get("America/New_York").unwrap();
        // Friday 2026-10-30 09:00 EDT (-4) + 2 business days → Tuesday 2026-11-03 09:00 EST (-5).
        assert_eq!(
            add_business_days(at("2026-10-30T13:00:00Z"), 2, &tz),
            at("2026-11-03T14:00:00Z")
        );
        // Friday 2027-03-12 02:30 EST + 1 → Monday 02:30 EDT (Sunday's gap is not on the way).
        assert_eq!(
            add_business_days(at("2027-03-12T07:30:00Z"), 1, &tz),
            at("2027-03-15T06:30:00Z")
        );
    }

    #[test]
    fn days_left_is_negative_when_overdue() {
        let tz = TimeZone::UTC;
        let now = at("2026-11-25T23:00:00Z");
        assert_eq!(days_left(at("2026-11-25T01:00:00Z"), now, &tz), 0);
        assert_eq!(days_left(at("2026-11-27T01:00:00Z"), now, &tz), 2);
        assert_eq!(days_left(at("2026-11-20T01:00:00Z"), now, &tz), -5);
    }

    fn china() -> Holidays {
        Holidays::parse(include_str!("../../assets/holidays.cn.json")).unwrap()
    }

    fn shanghai(local: &str, n: u32, h: &Holidays) -> (String, Option<i16>) {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let from = tz
            .to_ambiguous_timestamp(local.parse().unwrap())
            .compatible()
            .unwrap();
        let c = count_business_days(from, n, &tz, Calendar::China(h));
        (tz.to_datetime(c.at).to_string(), c.unknown_year)
    }

    #[test]
    fn china_skips_holidays_and_counts_make_up_days() {
        let h = china();
        // Wednesday 30 September 2026: 1–7 October off, Saturday 10 October worked.
        assert_eq!(
            shanghai("2026-09-30T10:00", 5, &h),
            ("2026-10-13T10:00:00".into(), None)
        );
        // Friday 13 February 2026: Saturday 14 worked, 15–23 off.
        assert_eq!(
            shanghai("2026-02-13T10:00", 5, &h),
            ("2026-02-27T10:00:00".into(), None)
        );
        // A request on a holiday counts from the next working day (Sunday 4 January 2026 is one).
        assert_eq!(
            shanghai("2026-01-02T09:00", 1, &h),
            ("2026-01-05T09:00:00".into(), None)
        );
        // 2024 and 2025 too: 2025's National Day holiday runs to the 8th, the 11th is worked.
        assert_eq!(
            shanghai("2025-09-30T10:00", 2, &h),
            ("2025-10-10T10:00:00".into(), None)
        );
        // 2024's New Year's Eve (Friday 9 February) was a working day; Sunday the 18th too.
        assert_eq!(
            shanghai("2024-02-08T10:00", 1, &h),
            ("2024-02-09T10:00:00".into(), None)
        );
        assert_eq!(
            shanghai("2024-02-09T10:00", 1, &h),
            ("2024-02-18T10:00:00".into(), None)
        );
        // The weekends-only calendar knows none of it.
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        assert_eq!(
            add_business_days(at("2026-09-30T02:00:00Z"), 5, &tz),
            at("2026-10-07T02:00:00Z")
        );
    }

    #[test]
    fn a_year_without_data_is_named() {
        let h = china();
        // Through New Year 2027: 2027's holidays are not in the data.
        assert_eq!(
            shanghai("2026-12-30T10:00", 3, &h),
            ("2027-01-04T10:00:00".into(), Some(2027))
        );
        assert_eq!(
            shanghai("2023-12-29T10:00", 1, &h),
            ("2024-01-02T10:00:00".into(), Some(2023))
        );
        // A user's year is added; a user's copy of a published year is not taken.
        let mut h = h;
        let user = r#"{"years": {
            "2027": {"notice": "n", "published": "2026-11-01", "url": "https://example.org/n",
                     "off": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-04"}],
                     "work": []},
            "2026": {"notice": "n", "published": "2025-11-01", "url": "https://example.org/n",
                     "off": [], "work": []}}}"#;
        assert_eq!(h.add(Holidays::parse(user).unwrap()), vec![2027]);
        assert_eq!(
            shanghai("2026-12-30T10:00", 3, &h),
            ("2027-01-06T10:00:00".into(), None)
        );
        assert_eq!(
            shanghai("2026-09-30T10:00", 5, &h),
            ("2026-10-13T10:00:00".into(), None)
        );
    }

    #[test]
    fn every_year_cites_its_notice_and_make_up_days_are_weekends() {
        let h = china();
        let years: Vec<i16> = h.years().map(|(y, _)| y).collect();
        assert_eq!(years, [2024, 2025, 2026]);
        for (year, y) in h.years() {
            assert!(y.notice.contains(&format!("{year}年部分节假日安排的通知")));
            assert!(y.url.starts_with("https://www.gov.cn/"), "{year}");
            assert_eq!(y.published.year(), year - 1);
        }
        // The checks refuse what a notice cannot say.
        for bad in [
            // A make-up day on a weekday.
            r#"{"years": {"2026": {"notice": "n", "published": "2025-11-01", "url": "https://x",
                "off": [], "work": ["2026-10-09"]}}}"#,
            // A date outside its year.
            r#"{"years": {"2026": {"notice": "n", "published": "2025-11-01", "url": "https://x",
                "off": [{"name": "x", "from": "2027-10-01", "to": "2027-10-02"}], "work": []}}}"#,
            // A period backwards.
            r#"{"years": {"2026": {"notice": "n", "published": "2025-11-01", "url": "https://x",
                "off": [{"name": "x", "from": "2026-10-05", "to": "2026-10-01"}], "work": []}}}"#,
            // No address.
            r#"{"years": {"2026": {"notice": "n", "published": "2025-11-01", "url": "",
                "off": [], "work": []}}}"#,
            "not json",
        ] {
            assert!(Holidays::parse(bad).is_err(), "{bad}");
        }
    }
}
