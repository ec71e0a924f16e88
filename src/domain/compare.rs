//! Step 1's side-by-side view of the two recorded payments: what matches and what does not.

use jiff::Timestamp;

use super::facts::Facts;

/// One finding about the two payments; each has a text key `compare.<name>` in the UI texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Both transaction IDs recorded and different: two separate charges.
    DifferentIds,
    /// The same transaction ID twice: one charge shown twice, not a duplicate.
    SameId,
    /// At least one transaction ID is missing.
    IdMissing,
    /// Both times recorded; the gap between them in whole minutes (and seconds when under one).
    Gap {
        seconds: i64,
    },
    /// At least one time is missing.
    TimeMissing,
    /// The amount and merchant are case facts shared by both charges.
    SameAmountAndMerchant,
    AmountOrMerchantMissing,
}

/// What the two recorded payments say, in display order.
pub fn compare(f: &Facts) -> Vec<Finding> {
    let mut out = vec![];
    let [a, b] = &f.payments;
    let (ia, ib) = (a.transaction_id.trim(), b.transaction_id.trim());
    out.push(if ia.is_empty() || ib.is_empty() {
        Finding::IdMissing
    } else if ia == ib {
        Finding::SameId
    } else {
        Finding::DifferentIds
    });
    out.push(match (a.time, b.time) {
        (Some(x), Some(y)) => Finding::Gap {
            seconds: gap_seconds(x, y),
        },
        _ => Finding::TimeMissing,
    });
    out.push(if f.amount.is_some() && !f.merchant.trim().is_empty() {
        Finding::SameAmountAndMerchant
    } else {
        Finding::AmountOrMerchantMissing
    });
    out
}

fn gap_seconds(x: Timestamp, y: Timestamp) -> i64 {
    (y.as_second() - x.as_second()).abs()
}

/// A gap this long or less looks like a retry (seconds to minutes); longer deserves a second look.
pub const LIKELY_RETRY_SECONDS: i64 = 30 * 60;

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(ids: [&str; 2], times: [Option<&str>; 2]) -> Facts {
        let mut f = Facts::default();
        for i in 0..2 {
            f.payments[i].transaction_id = ids[i].into();
            f.payments[i].time = times[i].map(|t| t.parse().unwrap());
        }
        f
    }

    #[test]
    fn same_id_twice_is_one_charge() {
        let f = facts(["420001", "420001"], [None, None]);
        assert_eq!(compare(&f)[0], Finding::SameId);
        assert_eq!(compare(&f)[1], Finding::TimeMissing);
    }

    #[test]
    fn gap_and_different_ids() {
        let f = facts(
            ["420001", "420002"],
            [Some("2026-11-20T12:45:27Z"), Some("2026-11-20T12:44:00Z")],
        );
        let c = compare(&f);
        assert_eq!(c[0], Finding::DifferentIds);
        assert_eq!(c[1], Finding::Gap { seconds: 87 });
        assert_eq!(c[2], Finding::AmountOrMerchantMissing);
    }
}
