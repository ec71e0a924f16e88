//! Case facts (SPEC §2) and their checks. Missing facts never block anything: they are empty
//! strings or `null`, and templates show a placeholder for them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::money::{self, AmountError};
use super::steps::Cause;
use super::time;

pub const DEFAULT_APP: &str = "IM";
pub const DEFAULT_CURRENCY: &str = "CNY";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    #[serde(with = "time::option", default)]
    pub time: Option<Timestamp>,
    #[serde(default)]
    pub transaction_id: String,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    #[serde(default = "default_app")]
    pub app: String,
    #[serde(default)]
    pub merchant: String,
    #[serde(default)]
    pub merchant_contact: String,
    #[serde(default)]
    pub order_id: String,
    /// One charge, normalized decimal string (`38.50`); `None` while unknown.
    #[serde(default)]
    pub amount: Option<String>,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub payments: [Payment; 2],
    #[serde(default)]
    pub payment_method: String,
    #[serde(default)]
    pub cause: Option<Cause>,
    #[serde(default)]
    pub your_name: String,
    #[serde(default)]
    pub your_contact: String,
    /// Fields written by a newer build: kept as they are, never dropped.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

fn default_app() -> String {
    DEFAULT_APP.to_string()
}

fn default_currency() -> String {
    DEFAULT_CURRENCY.to_string()
}

impl Default for Facts {
    fn default() -> Self {
        Facts {
            app: default_app(),
            merchant: String::new(),
            merchant_contact: String::new(),
            order_id: String::new(),
            amount: None,
            currency: default_currency(),
            payments: Default::default(),
            payment_method: String::new(),
            cause: None,
            your_name: String::new(),
            your_contact: String::new(),
            extra: Default::default(),
        }
    }
}

/// A fact the user typed that cannot be accepted. `field` is the form field's key, `key` the
/// message key in the UI texts (with `{allowed}` filled from `allowed` where present).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactError {
    pub field: &'static str,
    pub key: &'static str,
    pub allowed: Option<u8>,
}

impl FactError {
    fn new(field: &'static str, key: &'static str) -> Self {
        FactError {
            field,
            key,
            allowed: None,
        }
    }
}

pub fn amount_error(field: &'static str, e: AmountError) -> FactError {
    let allowed = match e {
        AmountError::TooManyDecimals { allowed } => Some(allowed),
        _ => None,
    };
    FactError {
        field,
        key: e.key(),
        allowed,
    }
}

/// Check a typed amount for `currency`; empty input means "not known yet" and is allowed.
pub fn check_amount(input: &str, currency: &str) -> Result<Option<String>, FactError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    money::parse_amount(input, currency)
        .map(Some)
        .map_err(|e| amount_error("amount", e))
}

pub fn check_currency(input: &str) -> Result<String, FactError> {
    if input.trim().is_empty() {
        return Ok(DEFAULT_CURRENCY.to_string());
    }
    money::parse_currency(input).map_err(|_| FactError::new("currency", "currency.invalid"))
}

/// A payment time must not be in the future (with a minute of slack for clock skew).
pub fn check_payment_time(
    field: &'static str,
    input: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<Option<Timestamp>, FactError> {
    if input.trim().is_empty() {
        return Ok(None);
    }
    let ts = time::parse_user_time(input, tz).ok_or(FactError::new(field, "time.invalid"))?;
    if ts > now + jiff::SignedDuration::from_secs(60) {
        return Err(FactError::new(field, "time.future"));
    }
    Ok(Some(ts))
}

impl Facts {
    /// `Starbucks 38.50 CNY`, or empty when neither merchant nor amount is known.
    pub fn default_title(&self) -> String {
        let mut parts = vec![];
        if !self.merchant.trim().is_empty() {
            parts.push(self.merchant.trim().to_string());
        }
        if let Some(a) = &self.amount {
            parts.push(format!("{a} {}", self.currency));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_amounts_name_the_field_and_reason() {
        let e = check_amount("12.345", "CNY").unwrap_err();
        assert_eq!(
            (e.field, e.key, e.allowed),
            ("amount", "amount.too_many_decimals", Some(2))
        );
        assert_eq!(
            check_amount("-5", "CNY").unwrap_err().key,
            "amount.not_positive"
        );
        assert_eq!(
            check_amount("abc", "CNY").unwrap_err().key,
            "amount.not_a_number"
        );
        assert_eq!(check_amount("", "CNY"), Ok(None));
        assert_eq!(check_amount("¥38.5", "CNY"), Ok(Some("38.50".into())));
    }

    #[test]
    fn payment_times_must_be_past() {
        let tz = jiff::tz::TimeZone::UTC;
        let now: Timestamp = "2026-11-25T12:00:00Z".parse().unwrap();
        assert!(check_payment_time("p1_time", "2026-11-24 10:00", now, &tz).is_ok());
        assert_eq!(
            check_payment_time("p1_time", "2027-01-01 10:00", now, &tz)
                .unwrap_err()
                .key,
            "time.future"
        );
        assert_eq!(
            check_payment_time("p1_time", "soon", now, &tz)
                .unwrap_err()
                .key,
            "time.invalid"
        );
    }

    #[test]
    fn missing_fields_take_defaults() {
        let f: Facts = serde_json::from_str("{}").unwrap();
        assert_eq!(f.app, "IM");
        assert_eq!(f.currency, "CNY");
        assert_eq!(f.default_title(), "");
    }
}
