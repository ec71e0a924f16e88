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
    /// More words for the message (`{written}`, `{code}`, `{chosen}`).
    pub args: Vec<(&'static str, String)>,
}

impl FactError {
    fn new(field: &'static str, key: &'static str) -> Self {
        FactError {
            field,
            key,
            allowed: None,
            args: vec![],
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
        args: vec![],
    }
}

/// Currency signs and words people write with an amount, longest first, and the ISO code
/// each stands for. `¥` is read as CNY unless the currency chosen is JPY.
const SIGNS: &[(&str, &str)] = &[
    ("人民币", "CNY"),
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("CA$", "CAD"),
    ("AU$", "AUD"),
    ("RMB", "CNY"),
    ("C$", "CAD"),
    ("A$", "AUD"),
    ("S$", "SGD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("￥", "CNY"),
    ("¥", "CNY"),
    ("元", "CNY"),
    ("円", "JPY"),
    ("₩", "KRW"),
];

/// A currency written with an amount: as written, and its ISO code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenCurrency {
    pub written: String,
    pub code: String,
}

/// Split `$120`, `120 USD`, `38.50元`, `EUR 12` into the number and the currency written with
/// it. A word of three ASCII letters before or after the number is taken as an ISO code.
pub fn currency_in_amount(input: &str) -> (String, Option<WrittenCurrency>) {
    let s = input.trim();
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r.trim_start()),
        None => ("", s),
    };
    let found = |written: &str, code: &str| {
        Some(WrittenCurrency {
            written: written.to_string(),
            code: code.to_string(),
        })
    };
    // `str::get` is `None` off a character boundary: no slice here can panic.
    let same = |part: Option<&str>, w: &str| part.is_some_and(|p| p.eq_ignore_ascii_case(w));
    for (w, code) in SIGNS {
        if same(rest.get(..w.len()), w) {
            let number = format!("{sign}{}", rest[w.len()..].trim());
            return (number, found(&rest[..w.len()], code));
        }
        let cut = rest.len().saturating_sub(w.len());
        if rest.len() > w.len() && same(rest.get(cut..), w) {
            let number = format!("{sign}{}", rest[..cut].trim());
            return (number, found(&rest[cut..], code));
        }
    }
    // An ISO code: three letters at either end.
    let letters = |t: &str| t.len() == 3 && t.bytes().all(|b| b.is_ascii_alphabetic());
    if rest.len() > 3 {
        if let Some(head) = rest.get(..3).filter(|h| letters(h)) {
            let number = format!("{sign}{}", rest[3..].trim());
            return (number, found(head, &head.to_ascii_uppercase()));
        }
        if let Some(tail) = rest.get(rest.len() - 3..).filter(|t| letters(t)) {
            let number = format!("{sign}{}", rest[..rest.len() - 3].trim());
            return (number, found(tail, &tail.to_ascii_uppercase()));
        }
    }
    (s.to_string(), None)
}

/// The amount and currency fields checked together: a currency written with the amount sets
/// the currency, or is refused when it contradicts the one chosen in the currency field.
/// With neither, `default` is used (the language's: CNY in Chinese); with no default, an
/// amount needs a currency. Returns the amount (`None` when empty) and the currency.
pub fn check_money(
    amount: &str,
    currency: &str,
    default: Option<&str>,
) -> Result<(Option<String>, String), Vec<FactError>> {
    let (number, written) = currency_in_amount(amount);
    let chosen = if currency.trim().is_empty() {
        None
    } else {
        match money::parse_currency(currency) {
            Ok(c) => Some(c),
            Err(_) => return Err(vec![FactError::new("currency", "currency.invalid")]),
        }
    };
    let code = match (chosen, &written) {
        (Some(c), Some(w))
            if c != w.code && !(c == "JPY" && matches!(w.written.as_str(), "¥" | "￥")) =>
        {
            let mut e = FactError::new("amount", "amount.currency_conflict");
            e.args = vec![
                ("written", w.written.clone()),
                ("code", w.code.clone()),
                ("chosen", c),
            ];
            return Err(vec![e]);
        }
        (Some(c), _) => c,
        (None, Some(w)) => w.code.clone(),
        (None, None) => match default {
            Some(d) => d.to_string(),
            None if amount.trim().is_empty() => DEFAULT_CURRENCY.to_string(),
            // What is wrong with the number is said first; then that a currency is needed.
            None => {
                check_amount(&number, "XXX").map_err(|e| vec![e])?;
                return Err(vec![FactError::new("currency", "currency.needed")]);
            }
        },
    };
    let amount = check_amount(&number, &code).map_err(|e| vec![e])?;
    Ok((amount, code))
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
    /// Both facts name the same two charges: the same two transaction IDs (in either order),
    /// none of them empty. A bill imported twice gives the same pair.
    pub fn same_pair(&self, other: &Facts) -> bool {
        let ids = |f: &Facts| {
            let mut v: Vec<String> = f
                .payments
                .iter()
                .map(|p| p.transaction_id.trim().to_string())
                .collect();
            v.sort();
            v
        };
        let (a, b) = (ids(self), ids(other));
        a.iter().all(|id| !id.is_empty()) && a == b
    }

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

    #[test]
    fn a_currency_written_with_the_amount_sets_it_or_is_refused_when_it_contradicts() {
        let ok = |a: &str, c: &str, d: Option<&str>| check_money(a, c, d).unwrap();
        assert_eq!(ok("$120", "", None), (Some("120.00".into()), "USD".into()));
        assert_eq!(
            ok("US$ 12.5", "", Some("CNY")),
            (Some("12.50".into()), "USD".into())
        );
        assert_eq!(ok("€9", "", None).1, "EUR");
        assert_eq!(ok("£3.20", "gbp", None).1, "GBP");
        assert_eq!(ok("38.50元", "", None).1, "CNY");
        assert_eq!(ok("120 usd", "", None).1, "USD");
        assert_eq!(ok("EUR 7", "", None), (Some("7.00".into()), "EUR".into()));
        assert_eq!(ok("¥500", "JPY", None), (Some("500".into()), "JPY".into()));
        assert_eq!(ok("¥38.5", "", None), (Some("38.50".into()), "CNY".into()));
        // No sign: the chosen currency, else the language's default.
        assert_eq!(ok("38.5", "", Some("CNY")).1, "CNY");
        assert_eq!(ok("38.5", "hkd", None).1, "HKD");
        // Contradictions are refused, naming both.
        let e = check_money("$120", "CNY", Some("CNY")).unwrap_err();
        assert_eq!(
            (e[0].field, e[0].key),
            ("amount", "amount.currency_conflict")
        );
        assert!(e[0].args.contains(&("code", "USD".into())));
        assert!(e[0].args.contains(&("chosen", "CNY".into())));
        assert_eq!(
            check_money("120 EUR", "USD", None).unwrap_err()[0].key,
            "amount.currency_conflict"
        );
        // An amount without any currency, and no default: ask for one.
        assert_eq!(
            check_money("38.5", "", None).unwrap_err()[0].key,
            "currency.needed"
        );
        assert_eq!(check_money("", "", None).unwrap().0, None);
        assert_eq!(
            check_money("12.345", "", None).unwrap_err()[0].key,
            "amount.too_many_decimals"
        );
        assert_eq!(
            check_money("12.345", "", Some("CNY")).unwrap_err()[0].key,
            "amount.too_many_decimals"
        );
    }

    #[test]
    fn the_same_pair_is_the_same_two_transaction_ids_in_any_order() {
        let pair = |a: &str, b: &str| {
            let mut f = Facts::default();
            f.payments[0].transaction_id = a.into();
            f.payments[1].transaction_id = b.into();
            f
        };
        assert!(pair("T1", "T2").same_pair(&pair("T2", " T1")));
        assert!(!pair("T1", "T2").same_pair(&pair("T1", "T3")));
        assert!(
            !pair("", "").same_pair(&pair("", "")),
            "unknown ids match nothing"
        );
        assert!(!pair("T1", "").same_pair(&pair("T1", "")));
    }

    #[test]
    fn reading_a_currency_never_panics_on_any_text() {
        for input in [
            "n¥n", "nn¥n", "¥", "€", "a€", "€a", "ǅ$", "ß12", "ıRMB", "12ı", "日元", "元", "x元x",
            "US", "US$", "₩₩", "1€€", "abcd", "ab€", "€bc", "a¥bc", "   ", "-", "-$", "$-5",
        ] {
            let _ = currency_in_amount(input);
            let _ = check_money(input, "", None);
            let _ = check_money(input, "JPY", Some("CNY"));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_amount_text_gives_an_answer_not_a_panic(s in "\\PC{0,12}") {
            let _ = check_money(&s, "", None);
            let _ = check_money(&s, "usd", Some("CNY"));
        }
    }
}
