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

/// Parse a time the user typed: RFC 3339, or a local civil time `2026-11-20 12:45[:27]`
/// (the form payment apps show), interpreted in `tz`.
pub fn parse_user_time(input: &str, tz: &TimeZone) -> Option<Timestamp> {
    let s = input.trim();
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Some(ts);
    }
    let s = s.replace('T', " ");
    for fmt in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(dt) = jiff::civil::DateTime::strptime(fmt, &s) {
            return dt.to_zoned(tz.clone()).ok().map(|z| z.timestamp());
        }
    }
    None
}

/// `2026-11-20 12:45` in the given zone: how times are shown to the user.
pub fn short_local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M")
        .to_string()
}

/// Like `short_local` with seconds, for payment times (seconds matter when comparing charges).
pub fn full_local(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone())
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
        assert_eq!(full_local(want, &tz), "2026-11-20 12:45:27");
    }
}
