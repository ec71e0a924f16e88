//! The official numbers and domains (`assets/official_contacts.json`, each with its source):
//! pointing to them is what real services do, so it raises no flag by itself.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct Official {
    numbers: Vec<Number>,
    domains: Vec<Domain>,
}

#[derive(Debug, Deserialize)]
struct Number {
    number: String,
    #[allow(dead_code)]
    who: String,
    #[allow(dead_code)]
    source: String,
}

#[derive(Debug, Deserialize)]
struct Domain {
    domain: String,
    #[allow(dead_code)]
    who: String,
    #[allow(dead_code)]
    source: String,
}

impl Official {
    pub fn embedded() -> Official {
        #[derive(Deserialize)]
        struct File {
            #[serde(flatten)]
            official: Official,
        }
        // Embedded and checked by tests; a broken file is a developer error.
        let f: File = serde_json::from_str(include_str!("../../../assets/official_contacts.json"))
            .expect("embedded official contacts");
        f.official
    }

    /// Whether `digits` (a number with its separators removed, any `+86` / `0086` dropped)
    /// is an official number, also behind an area code (`025-96110`).
    pub fn is_number(&self, digits: &str) -> bool {
        let digits = digits
            .strip_prefix("0086")
            .or_else(|| digits.strip_prefix("86").filter(|d| d.len() < 11))
            .unwrap_or(digits);
        self.numbers.iter().any(|n| {
            digits == n.number
                || (digits.ends_with(&n.number)
                    && digits.starts_with('0')
                    && digits.len() <= n.number.len() + 4)
        })
    }

    /// Whether `host` is an official domain or one of its subdomains.
    pub fn is_domain(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.domains.iter().any(|d| {
            host == d.domain
                || host
                    .strip_suffix(&d.domain)
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_numbers_and_domains_are_recognised_and_lookalikes_are_not() {
        let o = Official::embedded();
        assert!(o.is_number("95017"));
        assert!(o.is_number("95188"));
        assert!(o.is_number("02596110"));
        assert!(!o.is_number("4009501700"));
        assert!(!o.is_number("13800138000"));
        assert!(o.is_domain("kf.weixin.qq.com"));
        assert!(o.is_domain("www.alipay.com"));
        assert!(!o.is_domain("alipay.com.refund-help.top"));
        assert!(!o.is_domain("fakealipay.com"));
    }
}
