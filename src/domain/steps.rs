//! The six steps: their stable keys, checklist item keys, which pitfalls apply, and which
//! steps ask a yes/no question. Words for all of these live in `assets/content.*.json`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKey {
    ConfirmRecords,
    ContactMerchant,
    RequestRefund,
    ContactSupport,
    ProtectPrivacy,
    Review,
}

impl StepKey {
    pub const ALL: [StepKey; 6] = [
        StepKey::ConfirmRecords,
        StepKey::ContactMerchant,
        StepKey::RequestRefund,
        StepKey::ContactSupport,
        StepKey::ProtectPrivacy,
        StepKey::Review,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn from_index(i: usize) -> Option<StepKey> {
        Self::ALL.get(i).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            StepKey::ConfirmRecords => "confirm_records",
            StepKey::ContactMerchant => "contact_merchant",
            StepKey::RequestRefund => "request_refund",
            StepKey::ContactSupport => "contact_support",
            StepKey::ProtectPrivacy => "protect_privacy",
            StepKey::Review => "review",
        }
    }

    pub fn parse(s: &str) -> Option<StepKey> {
        // One comparison per name, not a scan of `ALL` (the index parses a thousand of these
        // before the first frame).
        Some(match s {
            "confirm_records" => StepKey::ConfirmRecords,
            "contact_merchant" => StepKey::ContactMerchant,
            "request_refund" => StepKey::RequestRefund,
            "contact_support" => StepKey::ContactSupport,
            "protect_privacy" => StepKey::ProtectPrivacy,
            "review" => StepKey::Review,
            _ => return None,
        })
    }

    /// Stable keys of the checklist items, in display order. They are the keys of the
    /// step's `checks` map in the case file, so they must never be renamed.
    pub fn checklist(self) -> &'static [&'static str] {
        match self {
            StepKey::ConfirmRecords => &[
                "open_history",
                "find_both",
                "record_ids",
                "screenshot",
                "not_pending",
            ],
            StepKey::ContactMerchant => &["find_contact", "send_message", "log_reply"],
            StepKey::RequestRefund => &["request_refund", "log_reference", "watch_due"],
            StepKey::ContactSupport => &[
                "gather_facts",
                "send_message",
                "log_ticket",
                "keep_exchanges",
            ],
            StepKey::ProtectPrivacy => &[
                "official_channels",
                "never_share_secrets",
                "no_screen_share",
                "no_fees",
                "two_step",
            ],
            StepKey::Review => &[
                "choose_cause",
                "read_tips",
                "write_lessons",
                "export_report",
            ],
        }
    }

    /// Which of the article's misconceptions (knowledge keys) are pitfalls of this step.
    pub fn pitfalls(self) -> &'static [Misconception] {
        use Misconception::*;
        match self {
            StepKey::ConfirmRecords => &[NoRecords],
            StepKey::ContactMerchant => &[CantRefund, NoRecords],
            StepKey::RequestRefund => &[CantRefund, CarelessChanges],
            StepKey::ContactSupport => &[NoRecords, CantRefund],
            StepKey::ProtectPrivacy => &[IgnoreSecurity],
            StepKey::Review => &[IgnoreSecurity, NoRecords],
        }
    }

    /// Whether the step asks a yes/no question (all but `protect_privacy`).
    pub fn has_decision(self) -> bool {
        self != StepKey::ProtectPrivacy
    }
}

/// The article's four misconceptions; shown as pitfalls in the steps they apply to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Misconception {
    CantRefund,
    CarelessChanges,
    IgnoreSecurity,
    NoRecords,
}

impl Misconception {
    pub const ALL: [Misconception; 4] = [
        Misconception::CantRefund,
        Misconception::CarelessChanges,
        Misconception::IgnoreSecurity,
        Misconception::NoRecords,
    ];
}

/// The article's four likely causes of a double charge (the `cause` fact).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    MisTap,
    NetworkDelay,
    AppFault,
    AccountChange,
}

impl Cause {
    pub const ALL: [Cause; 4] = [
        Cause::MisTap,
        Cause::NetworkDelay,
        Cause::AppFault,
        Cause::AccountChange,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::MisTap => "mis_tap",
            Cause::NetworkDelay => "network_delay",
            Cause::AppFault => "app_fault",
            Cause::AccountChange => "account_change",
        }
    }

    /// Prevention tips (knowledge keys) that fit this cause best; shown first in step 6.
    pub fn tips(self) -> &'static [Tip] {
        use Tip::*;
        match self {
            Cause::MisTap => &[CheckDetails, PaymentPrompt],
            Cause::NetworkDelay => &[StableNetwork, RecordDetails],
            Cause::AppFault => &[UpdateApp, RecordDetails],
            Cause::AccountChange => &[SecuritySettings, CheckDetails],
        }
    }

    /// The next cause in a cycle that passes through "not chosen" (`None`).
    pub fn cycle(current: Option<Cause>) -> Option<Cause> {
        match current {
            None => Some(Cause::ALL[0]),
            Some(c) => Cause::ALL.get(c as usize + 1).copied(),
        }
    }
}

/// The article's six prevention tips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tip {
    CheckDetails,
    StableNetwork,
    UpdateApp,
    SecuritySettings,
    PaymentPrompt,
    RecordDetails,
}

impl Tip {
    pub const ALL: [Tip; 6] = [
        Tip::CheckDetails,
        Tip::StableNetwork,
        Tip::UpdateApp,
        Tip::SecuritySettings,
        Tip::PaymentPrompt,
        Tip::RecordDetails,
    ];

    /// All tips, the ones fitting `cause` first (step 6).
    pub fn ordered_for(cause: Option<Cause>) -> Vec<Tip> {
        let first: &[Tip] = cause.map(Cause::tips).unwrap_or(&[]);
        let mut out: Vec<Tip> = first.to_vec();
        out.extend(Tip::ALL.iter().filter(|t| !first.contains(t)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_stay_in_order() {
        for (i, k) in StepKey::ALL.iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(StepKey::parse(k.as_str()), Some(*k));
            let json = serde_json::to_string(k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.as_str()));
        }
    }

    #[test]
    fn tips_for_cause_come_first_and_none_is_lost() {
        let t = Tip::ordered_for(Some(Cause::AppFault));
        assert_eq!(t[0], Tip::UpdateApp);
        assert_eq!(t.len(), 6);
        assert_eq!(Tip::ordered_for(None), Tip::ALL.to_vec());
    }

    #[test]
    fn cause_cycle_visits_all_then_none() {
        let mut c = None;
        let mut seen = vec![];
        for _ in 0..5 {
            c = Cause::cycle(c);
            seen.push(c);
        }
        assert_eq!(seen.last(), Some(&None));
        assert_eq!(seen[..4], Cause::ALL.map(Some));
    }
}
