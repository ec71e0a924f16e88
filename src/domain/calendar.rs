//! Business-day arithmetic in the user's time zone. Weekends are skipped; public holidays are
//! not known (the README says so), so a due date may be a holiday.

use jiff::{
    Timestamp,
    civil::{Date, Weekday},
    tz::TimeZone,
};

fn is_weekend(d: Weekday) -> bool {
    matches!(d, Weekday::Saturday | Weekday::Sunday)
}

/// The moment `n` business days after `from`, at the same local time of day. A start on a
/// weekend counts from the next Monday: Saturday + 1 business day is Tuesday, like Monday + 1.
/// The days are counted on the calendar and the zone consulted once at each end (the list
/// sorts a thousand cases by this at every key).
pub fn add_business_days(from: Timestamp, n: u32, tz: &TimeZone) -> Timestamp {
    let local = tz.to_datetime(from);
    let mut date = local.date();
    let mut left = n;
    while is_weekend(date.weekday()) {
        date = next_day(date);
    }
    while left > 0 {
        date = next_day(date);
        if !is_weekend(date.weekday()) {
            left -= 1;
        }
    }
    // A time of day that the zone skips on that date (a DST gap) moves forward past the gap.
    tz.to_ambiguous_timestamp(date.to_datetime(local.time()))
        .compatible()
        .unwrap_or(from)
}

fn next_day(d: Date) -> Date {
    d.tomorrow().unwrap_or(d)
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
}
