//! Time in the case file: RFC 3339 with the local offset of the moment (`2026-11-25T18:30:00+08:00`),
//! parsed back from any RFC 3339 offset. The domain never reads the clock: callers pass `now`.

use jiff::{Timestamp, Unit, tz::TimeZone};
use serde::{Deserialize, Deserializer, Serializer};

/// Format a timestamp as RFC 3339 in the given zone's offset, to the second.
pub fn rfc3339_in(ts: Timestamp, tz: &TimeZone) -> String {
    let ts = ts.round(Unit::Second).unwrap_or(ts);
    ts.display_with_offset(tz.to_offset(ts)).to_string()
}

pub fn rfc3339(ts: Timestamp) -> String {
    rfc3339_in(ts, &TimeZone::system())
}

pub fn serialize<S: Serializer>(ts: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*ts))
}

pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    let s = String::deserialize(d)?;
    s.parse().map_err(serde::de::Error::custom)
}

pub mod option {
    use super::*;

    pub fn serialize<S: Serializer>(ts: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
        match ts {
            Some(t) => super::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(s) if !s.is_empty() => s.parse().map(Some).map_err(serde::de::Error::custom),
            _ => Ok(None),
        }
    }
}

/// Parse a time the user typed: RFC 3339, or a local civil time interpreted in `tz`, written
/// the ways people write them: `2026-11-20 12:45[:27]`, the date with `-`, `/` or `.`
/// (`2026/11/20`, `2026.11.20`, `2026年11月20日`), the time in 24-hour form or 12-hour form
/// with AM/PM (`2:45 PM`, `2:45pm`, `2:45 p.m.`) or 上午/下午 (`下午2:45`).
pub fn parse_user_time(input: &str, tz: &TimeZone) -> Option<Timestamp> {
    let s = input.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    let (s, half) = half_day(&s.to_lowercase());
    let s: String = s
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            '日' | 'T' | 't' => ' ',
            '：' => ':',
            c => c,
        })
        .collect();
    let mut parts = s.split_whitespace();
    let (date, time) = (parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let num = |t: &str| -> Option<i64> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let d: Vec<i64> = date
        .trim_end_matches('-')
        .split('-')
        .map(num)
        .collect::<Option<_>>()?;
    let t: Vec<i64> = time.split(':').map(num).collect::<Option<_>>()?;
    let ([y, mo, da], [h, mi, rest @ ..]) = (d.as_slice(), t.as_slice()) else {
        return None;
    };
    if *y < 1000 || rest.len() > 1 {
        return None;
    }
    let sec = rest.first().copied().unwrap_or(0);
    let h = match half {
        None => *h,
        Some(_) if !(1..=12).contains(h) => return None,
        Some(pm) => h % 12 + if pm { 12 } else { 0 },
    };
    let date = jiff::civil::Date::new(
        i16::try_from(*y).ok()?,
        i8::try_from(*mo).ok()?,
        i8::try_from(*da).ok()?,
    )
    .ok()?;
    let time = jiff::civil::Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(*mi).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()?;
    date.to_datetime(time)
        .to_zoned_datetime(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

/// Take a 12-hour marker out of `s`: `Some(true)` for the afternoon (PM, 下午, 晚上),
/// `Some(false)` for the morning (AM, 上午, 早上, 凌晨).
fn half_day(s: &str) -> (String, Option<bool>) {
    const MARKERS: &[(&str, bool)] = &[
        ("a.m.", false),
        ("p.m.", true),
        ("am", false),
        ("pm", true),
        ("上午", false),
        ("早上", false),
        ("凌晨", false),
        ("下午", true),
        ("晚上", true),
    ];
    for (m, pm) in MARKERS {
        if let Some(i) = s.find(m) {
            let out = format!("{} {}", &s[..i], &s[i + m.len()..]);
            return (out, Some(*pm));
        }
    }
    (s.to_string(), None)
}

/// A payment time as the user sees it: to the minute, with seconds only when there are some
/// (a bill gives them; a time typed to the minute has none to show).
pub fn payment_local(ts: Timestamp, tz: &TimeZone) -> String {
    if ts.to_zoned_datetime(tz.clone()).second() == 0 {
        short_local(ts, tz)
    } else {
        full_local(ts, tz)
    }
}

/// `2026-11-20 12:45` in the given zone: how times are shown to the user.
pub fn short_local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// Like `short_local` with seconds, for payment times (seconds matter when comparing charges).
pub fn full_local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%d %H:%M:%S")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_offset_and_parses_back() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let ts: Timestamp = "2026-11-20T04:45:27Z".parse().unwrap();
        let s = rfc3339_in(ts, &tz);
        assert_eq!(s, "2026-11-20T12:45:27+08:00");
        assert_eq!(s.parse::<Timestamp>().unwrap(), ts);
    }

    #[test]
    fn user_times() {
        let tz = TimeZone::get("Asia/Shanghai").unwrap();
        let want: Timestamp = "2026-11-20T04:45:27Z".parse().unwrap();
        assert_eq!(parse_user_time("2026-11-20 12:45:27", &tz), Some(want));
        assert_eq!(
            parse_user_time("2026-11-20T12:45:27+08:00", &tz),
            Some(want)
        );
        assert_eq!(
            parse_user_time("2026/11/20 12:45", &tz),
            Some("2026-11-20T04:45:00Z".parse().unwrap())
        );
        assert_eq!(parse_user_time("yesterday", &tz), None);
        let at = |s: &str| parse_user_time(s, &tz);
        let pm: Timestamp = "2026-11-27T06:03:00Z".parse().unwrap();
        for written in [
            "2026-11-27 2:03 PM",
            "2026-11-27 2:03pm",
            "2026/11/27 2:03 p.m.",
            "2026.11.27 14:03",
            "2026-11-27 下午2:03",
            "2026年11月27日 下午2:03",
            "2026年11月27日下午2:03",
            "2026-11-27 14:03:00",
        ] {
            assert_eq!(at(written), Some(pm), "{written}");
        }
        assert_eq!(
            at("2026-11-27 12:10 AM"),
            Some("2026-11-26T16:10:00Z".parse().unwrap())
        );
        assert_eq!(
            at("2026-11-27 上午9:05"),
            Some("2026-11-27T01:05:00Z".parse().unwrap())
        );
        for bad in [
            "2026-11-27 14:03 PM",
            "2026-11-27 2:03 PM extra",
            "2026-13-01 10:00",
            "26-11-27 10:00",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
        assert_eq!(payment_local(pm, &tz), "2026-11-27 14:03");
        assert_eq!(payment_local(want, &tz), "2026-11-20 12:45:27");
        assert_eq!(full_local(want, &tz), "2026-11-20 12:45:27");
    }
}
