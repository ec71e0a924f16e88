//! Business-day arithmetic in the user's time zone. Weekends are skipped; public holidays are
//! not known (the README says so), so a due date may be a holiday.

use jiff::{Timestamp, Zoned, civil::Weekday, tz::TimeZone};

fn is_weekend(d: Weekday) -> bool {
    matches!(d, Weekday::Saturday | Weekday::Sunday)
}

/// The moment `n` business days after `from`, at the same local time of day. A start on a
/// weekend counts from the next Monday: Saturday + 1 business day is Tuesday, like Monday + 1.
pub fn add_business_days(from: Timestamp, n: u32, tz: &TimeZone) -> Timestamp {
    let mut z: Zoned = from.to_zoned(tz.clone());
    let mut left = n;
    while is_weekend(z.weekday()) {
        z = next_day(&z);
    }
    while left > 0 {
        z = next_day(&z);
        if !is_weekend(z.weekday()) {
            left -= 1;
        }
    }
    z.timestamp()
}

fn next_day(z: &Zoned) -> Zoned {
    z.tomorrow().unwrap_or_else(|_| z.clone())
}

/// Whole calendar days from `now`'s local date to `due`'s local date: 0 today, negative when
/// the date has passed.
pub fn days_left(due: Timestamp, now: Timestamp, tz: &TimeZone) -> i64 {
    let d = due.to_zoned(tz.clone()).date();
    let n = now.to_zoned(tz.clone()).date();
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
    fn days_left_is_negative_when_overdue() {
        let tz = TimeZone::UTC;
        let now = at("2026-11-25T23:00:00Z");
        assert_eq!(days_left(at("2026-11-25T01:00:00Z"), now, &tz), 0);
        assert_eq!(days_left(at("2026-11-27T01:00:00Z"), now, &tz), 2);
        assert_eq!(days_left(at("2026-11-20T01:00:00Z"), now, &tz), -5);
    }
}
