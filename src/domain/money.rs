//! Amounts and currencies as the user types them. An amount is kept as a normalized decimal
//! string (`38.50`); anything that could be misread (`38,50`) is refused with a reason.

use std::fmt;

/// Why an amount was refused. Each variant has a message key `amount.<name>` in the UI texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    Empty,
    NotANumber,
    NotPositive,
    TooManyDecimals { allowed: u8 },
    AmbiguousComma,
    TooLarge,
}

impl AmountError {
    pub fn key(&self) -> &'static str {
        match self {
            AmountError::Empty => "amount.empty",
            AmountError::NotANumber => "amount.not_a_number",
            AmountError::NotPositive => "amount.not_positive",
            AmountError::TooManyDecimals { allowed: 0 } => "amount.no_decimals",
            AmountError::TooManyDecimals { .. } => "amount.too_many_decimals",
            AmountError::AmbiguousComma => "amount.ambiguous_comma",
            AmountError::TooLarge => "amount.too_large",
        }
    }
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CurrencyError {
    NotIsoCode,
}

/// Decimal places the currency uses (ISO 4217 minor units). Unknown codes get 2.
pub fn minor_units(currency: &str) -> u8 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" | "PYG" | "KMF" | "RWF"
        | "GNF" | "DJF" | "BIF" | "VUV" | "XPF" => 0,
        "BHD" | "KWD" | "JOD" | "OMR" | "TND" | "IQD" | "LYD" => 3,
        _ => 2,
    }
}

/// `cny`, ` CNY ` → `CNY`. Three ASCII letters or an error.
pub fn parse_currency(input: &str) -> Result<String, CurrencyError> {
    let c = input.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(CurrencyError::NotIsoCode)
    }
}

/// Parse one charge's amount and return it normalized to the currency's decimals.
///
/// Understood: `38.5`, `38.50`, `¥38.50`, `￥ 38.5`, `38.50元`, `$1,234.50` (commas only as
/// thousands separators, and only when a decimal point or nothing ambiguous follows).
/// Refused with a reason: empty, `abc`, `-5`, `0`, `12.345` (for a 2-decimal currency),
/// `38,50` (could mean 38.50 or 3850).
pub fn parse_amount(input: &str, currency: &str) -> Result<String, AmountError> {
    let allowed = minor_units(currency);
    let mut s = input.trim();
    if s.is_empty() {
        return Err(AmountError::Empty);
    }
    let mut negative = false;
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    // Currency signs and words around the number are understood, not required.
    for sign in ["¥", "￥", "$", "€", "£", "RMB", "CNY", "元"] {
        s = s.trim_start_matches(sign).trim();
        s = s.trim_end_matches(sign).trim();
    }
    if let Some(rest) = s.strip_prefix('-') {
        negative = true;
        s = rest.trim_start();
    }
    if s.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let (int_part, frac_part) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let int_digits = strip_thousands(int_part, frac_part.is_some())?;
    let frac = frac_part.unwrap_or("");
    if int_digits.is_empty() && frac.is_empty() {
        return Err(AmountError::NotANumber);
    }
    if !int_digits.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AmountError::NotANumber);
    }
    if frac_part.is_some() && frac.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let frac_trimmed = frac.trim_end_matches('0');
    if frac_trimmed.len() > allowed as usize {
        return Err(AmountError::TooManyDecimals { allowed });
    }
    let int_digits = int_digits.trim_start_matches('0');
    if int_digits.len() > 12 {
        return Err(AmountError::TooLarge);
    }
    let mut out = if int_digits.is_empty() {
        "0".to_string()
    } else {
        int_digits.to_string()
    };
    if allowed > 0 {
        out.push('.');
        out.push_str(frac_trimmed);
        for _ in frac_trimmed.len()..allowed as usize {
            out.push('0');
        }
    }
    if out.bytes().all(|b| b == b'0' || b == b'.') {
        return Err(AmountError::NotPositive);
    }
    if negative {
        return Err(AmountError::NotPositive);
    }
    Ok(out)
}

/// Remove thousands separators from the integer part. A comma is only a thousands separator
/// when every group after it has exactly three digits and a decimal point follows, or when
/// there is more than one group (`1,234,567`); `38,50` and a lone `1,234` are ambiguous.
fn strip_thousands(int_part: &str, has_point: bool) -> Result<String, AmountError> {
    if !int_part.contains(',') {
        return Ok(int_part.to_string());
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let well_formed =
        !groups[0].is_empty() && groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    if well_formed && (has_point || groups.len() > 2) {
        Ok(groups.concat())
    } else {
        Err(AmountError::AmbiguousComma)
    }
}

/// The amount in minor units (cents), for comparing amounts read from different sources.
pub fn to_minor(normalized: &str) -> Option<i64> {
    let (i, f) = normalized.split_once('.').unwrap_or((normalized, ""));
    let mut v: i64 = i.parse().ok()?;
    for d in f.bytes() {
        v = v.checked_mul(10)?.checked_add((d - b'0') as i64)?;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understood_forms() {
        for (input, want) in [
            ("38.5", "38.50"),
            ("38.50", "38.50"),
            ("¥38.5", "38.50"),
            ("￥ 38.50", "38.50"),
            ("38.50元", "38.50"),
            ("$1,234.50", "1234.50"),
            ("1,234,567", "1234567.00"),
            ("0.01", "0.01"),
            ("007", "7.00"),
            ("12.3400", "12.34"),
        ] {
            assert_eq!(parse_amount(input, "CNY").as_deref(), Ok(want), "{input}");
        }
        assert_eq!(parse_amount("1500", "JPY").as_deref(), Ok("1500"));
        assert_eq!(parse_amount("1.5", "KWD").as_deref(), Ok("1.500"));
    }

    #[test]
    fn refused_with_a_reason() {
        use AmountError::*;
        for (input, want) in [
            ("", Empty),
            ("   ", Empty),
            ("abc", NotANumber),
            ("12a", NotANumber),
            ("1.2.3", NotANumber),
            ("5.", NotANumber),
            ("¥", NotANumber),
            ("-5", NotPositive),
            ("¥-5", NotPositive),
            ("0", NotPositive),
            ("0.00", NotPositive),
            ("12.345", TooManyDecimals { allowed: 2 }),
            ("38,50", AmbiguousComma),
            ("1,234", AmbiguousComma),
            ("1,23.00", AmbiguousComma),
            ("9999999999999", TooLarge),
        ] {
            assert_eq!(parse_amount(input, "CNY"), Err(want), "{input:?}");
        }
        assert_eq!(
            parse_amount("15.5", "JPY"),
            Err(TooManyDecimals { allowed: 0 })
        );
    }

    #[test]
    fn currency_codes() {
        assert_eq!(parse_currency(" cny ").as_deref(), Ok("CNY"));
        assert!(parse_currency("yuan").is_err());
        assert!(parse_currency("¥").is_err());
    }

    #[test]
    fn minor_units_compare() {
        assert_eq!(to_minor("38.50"), Some(3850));
        assert_eq!(to_minor("1500"), Some(1500));
    }
}
