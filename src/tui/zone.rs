//! The local time zone, found without scanning the whole time zone database at start-up.
//!
//! `jiff::tz::TimeZone::system()` lists every name under /usr/share/zoneinfo to look up the
//! name `/etc/localtime` points to — about a millisecond before the first frame, on every
//! start. In the usual case (no `TZ`/`TZDIR` set, `/etc/localtime` a link into a zoneinfo
//! directory) the link already names the zone and the file it points to is the zone's data,
//! so that one file is read instead. Anything else goes to jiff, which knows every rule.

use jiff::tz::TimeZone;

const LOCALTIME: &str = "/etc/localtime";

pub fn local() -> TimeZone {
    quick(|k| std::env::var_os(k).is_some()).unwrap_or_else(TimeZone::system)
}

fn quick(env_set: impl Fn(&str) -> bool) -> Option<TimeZone> {
    if env_set("TZ") || env_set("TZDIR") {
        return None;
    }
    let target = std::fs::read_link(LOCALTIME).ok()?;
    let target = target.to_str()?;
    let (_, name) = target.split_once("/zoneinfo/")?;
    let data = std::fs::read(LOCALTIME).ok()?;
    TimeZone::tzif(name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_environment_zone_is_left_to_jiff() {
        assert!(quick(|k| k == "TZ").is_none());
        assert!(quick(|k| k == "TZDIR").is_none());
    }

    #[test]
    fn the_quick_zone_agrees_with_jiff_when_it_applies() {
        if std::env::var_os("TZ").is_some() {
            return;
        }
        if let Some(tz) = quick(|_| false) {
            let system = TimeZone::system();
            assert_eq!(tz.iana_name(), system.iana_name());
            let now = jiff::Timestamp::now();
            assert_eq!(tz.to_offset(now), system.to_offset(now));
        }
    }
}
