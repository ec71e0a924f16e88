//! Where a user can turn, per app and country (`assets/routes.json`): the app's own line and
//! in-app procedure (step 4), and the bodies outside it when customer service did not solve it.
//! Each route is data with its source; which apply is decided here from the case's facts, with
//! the app groups and the mainland-China choice of the deadline rules, so the two agree.

use serde::Deserialize;

use super::deadlines::Rules;
use super::facts::Facts;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routes {
    #[serde(default)]
    pub about: String,
    pub routes: Vec<Route>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Filing with the app itself (step 4).
    App,
    /// Where to turn when customer service did not solve it.
    Escalate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Region {
    /// A case in mainland China (`china_calendar` of the deadline rules).
    Cn,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// Stable name; its words are `route.<key>` in assets/text.
    pub key: String,
    pub stage: Stage,
    /// App groups (of the deadline rules) any of which makes the route apply; none: every app.
    #[serde(default)]
    pub apps: Vec<String>,
    /// App groups that keep the route away even when `apps` match.
    #[serde(default)]
    pub unless_app: Vec<String>,
    #[serde(default)]
    pub region: Option<Region>,
    /// Currencies (ISO codes) of the case for which it applies; none: any.
    #[serde(default)]
    pub currencies: Vec<String>,
    /// The number or address the words give, if any (the tests check the words name it).
    #[serde(default)]
    pub contact: String,
    pub source: String,
}

impl Routes {
    pub fn parse(json: &str) -> Result<Routes, serde_json::Error> {
        serde_json::from_str(json)
    }

    /// The routes of `stage` that apply to a case with these facts, in the file's order.
    pub fn for_case<'r>(&'r self, stage: Stage, facts: &Facts, rules: &Rules) -> Vec<&'r Route> {
        let (app, method) = (facts.app.as_str(), facts.payment_method.as_str());
        let any = |groups: &[String]| groups.iter().any(|g| rules.is_app(g, app, method));
        let china = rules.in_china(app, method);
        self.routes
            .iter()
            .filter(|r| r.stage == stage)
            .filter(|r| r.apps.is_empty() || any(&r.apps))
            .filter(|r| !any(&r.unless_app))
            .filter(|r| r.region.is_none_or(|Region::Cn| china))
            .filter(|r| {
                r.currencies.is_empty()
                    || r.currencies
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(facts.currency.trim()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{deadline_rules, routes, t, text_sources};
    use crate::lang::Lang;

    fn keys(app: &str, method: &str, currency: &str, stage: Stage) -> Vec<&'static str> {
        let facts = Facts {
            app: app.into(),
            payment_method: method.into(),
            currency: currency.into(),
            ..Facts::default()
        };
        routes()
            .for_case(stage, &facts, deadline_rules())
            .into_iter()
            .map(|r| r.key.as_str())
            .collect()
    }

    #[test]
    fn each_app_and_country_gets_its_own_routes() {
        use Stage::{App, Escalate};
        assert_eq!(
            keys("微信支付", "零钱", "CNY", App),
            ["wechat_complaint", "wechat_line"]
        );
        assert_eq!(
            keys("微信支付", "招商银行信用卡", "CNY", Escalate),
            [
                "cn_card_issuer",
                "market_12315",
                "pboc_12363",
                "nfra_12378",
                "fraud_96110"
            ]
        );
        assert_eq!(keys("支付宝", "", "CNY", App), ["alipay_line"]);
        assert_eq!(
            keys("Alipay", "余额", "CNY", Escalate),
            ["market_12315", "pboc_12363", "fraud_96110"]
        );
        // A PayPal user in the US or the UK is not sent to China's bodies.
        assert_eq!(
            keys("PayPal", "", "USD", App),
            ["paypal_dispute", "paypal_claim"]
        );
        assert_eq!(
            keys("PayPal", "Visa 4242", "USD", Escalate),
            ["card_issuer", "cfpb"]
        );
        assert_eq!(keys("PayPal", "", "GBP", Escalate), ["fos"]);
        assert_eq!(keys("PayPal", "", "EUR", Escalate), Vec::<&str>::new());
        // The default "IM" is a case in mainland China.
        assert_eq!(
            keys("IM", "", "CNY", Escalate),
            ["market_12315", "fraud_96110"]
        );
    }

    #[test]
    fn every_route_has_a_source_words_and_names_its_contact() {
        let rules = deadline_rules();
        for r in &routes().routes {
            assert!(r.source.trim().len() > 20, "{}: no source", r.key);
            for g in r.apps.iter().chain(&r.unless_app) {
                assert!(
                    rules.apps.contains_key(g),
                    "{}: unknown app group {g}",
                    r.key
                );
            }
            for lang in [Lang::Zh, Lang::En] {
                let words = t(lang, &format!("route.{}", r.key));
                assert!(!words.starts_with("route."), "{} {lang:?}", r.key);
                assert!(
                    words.contains(&r.contact),
                    "{} {lang:?} names {}",
                    r.key,
                    r.contact
                );
            }
        }
    }

    /// Every phone-like number in the route words is a route's contact, so no number is
    /// shown without a source (110 only in the words of the route that cites it).
    #[test]
    fn no_number_in_the_route_words_lacks_a_source() {
        let contacts: Vec<&str> = routes().routes.iter().map(|r| r.contact.as_str()).collect();
        let words = text_sources().flat_map(|(topic, zh, en)| {
            [zh, en].into_iter().flat_map(move |json| {
                let map: std::collections::BTreeMap<String, String> =
                    serde_json::from_str(json).unwrap_or_default();
                map.into_iter()
                    .filter(|(k, _)| k.starts_with("route."))
                    .map(move |(k, v)| (topic, k, v))
            })
        });
        for (file, key, text) in words {
            let mut digits = String::new();
            for c in text.chars().chain([' ']) {
                if c.is_ascii_digit() {
                    digits.push(c);
                    continue;
                }
                let n = std::mem::take(&mut digits);
                if n.len() >= 5 {
                    let owner = routes().routes.iter().find(|r| r.contact == n);
                    assert!(
                        owner.is_some_and(|r| key == format!("route.{}", r.key)),
                        "{file} {key}: {n} is not this route's sourced contact ({contacts:?})"
                    );
                }
            }
        }
    }
}
