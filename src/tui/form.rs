//! The facts form: one line input per fact, validated together on Enter. A refused value
//! keeps the form open with the reason beside the field; nothing is saved half-checked.

use jiff::{Timestamp, tz::TimeZone};

use super::input::LineInput;
use crate::domain::facts::{self, FactError, Facts};
use crate::domain::steps::Cause;
use crate::domain::time::payment_local;
use crate::lang::Lang;

/// Form fields in display order. The name is the text key suffix (`form.<name>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    App,
    Merchant,
    MerchantContact,
    OrderId,
    Amount,
    Currency,
    P1Time,
    P1Id,
    P2Time,
    P2Id,
    PaymentMethod,
    Cause,
    YourName,
    YourContact,
    /// Optional, last (the fields above keep their places): what a complaint to 12315 asks
    /// for, kept in the facts' extra fields.
    YourAddress,
    MerchantAddress,
}

impl Field {
    pub const ALL: [Field; 17] = [
        Field::Title,
        Field::App,
        Field::Merchant,
        Field::MerchantContact,
        Field::OrderId,
        Field::Amount,
        Field::Currency,
        Field::P1Time,
        Field::P1Id,
        Field::P2Time,
        Field::P2Id,
        Field::PaymentMethod,
        Field::Cause,
        Field::YourName,
        Field::YourContact,
        Field::YourAddress,
        Field::MerchantAddress,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::App => "app",
            Field::Merchant => "merchant",
            Field::MerchantContact => "merchant_contact",
            Field::MerchantAddress => ADDRESS_MERCHANT,
            Field::OrderId => "order_id",
            Field::Amount => "amount",
            Field::Currency => "currency",
            Field::P1Time => "p1_time",
            Field::P1Id => "p1_id",
            Field::P2Time => "p2_time",
            Field::P2Id => "p2_id",
            Field::PaymentMethod => "payment_method",
            Field::Cause => "cause",
            Field::YourName => "your_name",
            Field::YourContact => "your_contact",
            Field::YourAddress => ADDRESS_YOURS,
        }
    }

    fn index(self) -> usize {
        Field::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }
}

#[derive(Debug, Clone)]
pub struct FactsForm {
    /// `None` while creating a new case.
    pub case_id: Option<String>,
    pub inputs: Vec<LineInput>,
    pub cause: Option<Cause>,
    pub focus: usize,
    pub errors: Vec<FactError>,
    initial: (Vec<LineInput>, Option<Cause>),
    /// Asked "discard changes?" after Esc.
    pub confirm_discard: bool,
    /// The screen's language: it picks the currency when none is written or chosen.
    lang: Lang,
}

/// The facts' extra fields that hold the two addresses (a complaint to 12315 asks for both;
/// the messages read them under these names).
pub const ADDRESS_MERCHANT: &str = "merchant_address";
pub const ADDRESS_YOURS: &str = "your_address";

fn extra_text(f: &Facts, key: &str) -> String {
    f.extra
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The currency an amount without one is in: CNY for a Chinese user; an English user is
/// asked (`$`, `€`, `£` with the amount or a code in the currency field).
fn default_currency(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Zh => Some(facts::DEFAULT_CURRENCY),
        Lang::En => None,
    }
}

impl FactsForm {
    pub fn new(
        case_id: Option<String>,
        title: &str,
        f: &Facts,
        tz: &TimeZone,
        lang: Lang,
    ) -> FactsForm {
        // WeChat Pay and Alipay times are China time, as the apps show them.
        let zone = crate::domain::bill_facts::payment_zone(&f.app, tz);
        let time = |t: Option<Timestamp>| t.map(|t| payment_local(t, &zone)).unwrap_or_default();
        let new = case_id.is_none();
        let values: Vec<String> = Field::ALL
            .iter()
            .map(|field| match field {
                Field::Title => title.to_string(),
                // A new case starts with no app: "IM" is only what is stored when none is given.
                Field::App if new => String::new(),
                Field::App => f.app.clone(),
                // No amount yet: the currency is not chosen either (Chinese: CNY).
                Field::Currency if f.amount.is_none() => {
                    default_currency(lang).unwrap_or_default().to_string()
                }
                Field::Merchant => f.merchant.clone(),
                Field::MerchantContact => f.merchant_contact.clone(),
                Field::MerchantAddress => extra_text(f, ADDRESS_MERCHANT),
                Field::OrderId => f.order_id.clone(),
                Field::Amount => f.amount.clone().unwrap_or_default(),
                Field::Currency => f.currency.clone(),
                Field::P1Time => time(f.payments[0].time),
                Field::P1Id => f.payments[0].transaction_id.clone(),
                Field::P2Time => time(f.payments[1].time),
                Field::P2Id => f.payments[1].transaction_id.clone(),
                Field::PaymentMethod => f.payment_method.clone(),
                Field::Cause => String::new(),
                Field::YourName => f.your_name.clone(),
                Field::YourContact => f.your_contact.clone(),
                Field::YourAddress => extra_text(f, ADDRESS_YOURS),
            })
            .collect();
        let inputs: Vec<LineInput> = values.iter().map(|v| LineInput::new(v)).collect();
        let mut form = FactsForm {
            case_id,
            initial: (inputs.clone(), f.cause),
            inputs,
            cause: f.cause,
            focus: if title.is_empty() {
                Field::Merchant.index()
            } else {
                0
            },
            errors: vec![],
            confirm_discard: false,
            lang,
        };
        form.entered();
        form
    }

    /// The field just entered has its value selected: typing replaces it.
    fn entered(&mut self) {
        if let Some(i) = self.input_mut() {
            i.select_all();
        }
    }

    pub fn field(&self) -> Field {
        Field::ALL[self.focus]
    }

    pub fn input_mut(&mut self) -> Option<&mut LineInput> {
        if self.field() == Field::Cause {
            None
        } else {
            self.inputs.get_mut(self.focus)
        }
    }

    pub fn value(&self, f: Field) -> &str {
        self.inputs[f.index()].text()
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % Field::ALL.len();
        self.entered();
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + Field::ALL.len() - 1) % Field::ALL.len();
        self.entered();
    }

    pub fn changed(&self) -> bool {
        self.inputs != self.initial.0 || self.cause != self.initial.1
    }

    pub fn error_for(&self, f: Field) -> Option<&FactError> {
        self.errors.iter().find(|e| e.field == f.name())
    }

    /// Check every field; on success the title and the new facts (starting from `base`, so
    /// facts the form does not show are kept). The title is `None` when the user left it as
    /// it was (a title never named keeps following merchant and amount), `Some("")` when they
    /// emptied it (follow them again), else the name they gave.
    pub fn submit(
        &mut self,
        base: &Facts,
        now: Timestamp,
        tz: &TimeZone,
    ) -> Option<(Option<String>, Facts)> {
        let mut errors = vec![];
        let mut f = base.clone();
        let values: Vec<String> = self
            .inputs
            .iter()
            .map(|i| i.text().trim().to_string())
            .collect();
        let v = |field: Field| values[field.index()].clone();
        f.app = if v(Field::App).is_empty() {
            facts::DEFAULT_APP.to_string()
        } else {
            v(Field::App)
        };
        f.merchant = v(Field::Merchant);
        f.merchant_contact = v(Field::MerchantContact);
        f.order_id = v(Field::OrderId);
        match facts::check_money(
            &v(Field::Amount),
            &v(Field::Currency),
            default_currency(self.lang),
        ) {
            Ok((amount, currency)) => (f.amount, f.currency) = (amount, currency),
            Err(e) => errors.extend(e),
        }
        for (i, (tf, idf)) in [(Field::P1Time, Field::P1Id), (Field::P2Time, Field::P2Id)]
            .into_iter()
            .enumerate()
        {
            let zone = crate::domain::bill_facts::payment_zone(&f.app, tz);
            match facts::check_payment_time(tf.name(), &v(tf), now, &zone) {
                Ok(t) => f.payments[i].time = t,
                Err(e) => errors.push(e),
            }
            f.payments[i].transaction_id = v(idf);
        }
        // A full card number typed here is masked on save (SPEC §2): only the last 4 stay.
        f.payment_method = crate::domain::privacy::mask_card_numbers(&v(Field::PaymentMethod));
        f.cause = self.cause;
        f.your_name = v(Field::YourName);
        f.your_contact = v(Field::YourContact);
        for field in [Field::MerchantAddress, Field::YourAddress] {
            match v(field) {
                a if a.is_empty() => f.extra.remove(field.name()),
                a => f.extra.insert(field.name().into(), a.into()),
            };
        }
        if let Some(first) = errors.first() {
            self.focus = Field::ALL
                .iter()
                .position(|fl| fl.name() == first.field)
                .unwrap_or(self.focus);
            self.errors = errors;
            return None;
        }
        self.errors.clear();
        let title = Field::Title.index();
        let named = (self.inputs[title] != self.initial.0[title]).then(|| v(Field::Title));
        Some((named, f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_card_number_in_payment_method_is_masked_on_save() {
        let tz = TimeZone::UTC;
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut form = FactsForm::new(None, "", &Facts::default(), &tz, Lang::En);
        form.focus = Field::PaymentMethod.index();
        if let Some(i) = form.input_mut() {
            i.insert("Visa 4111-1111-1111-1111");
        }
        let (_, f) = form.submit(&Facts::default(), now, &tz).unwrap();
        assert_eq!(f.payment_method, "Visa ****-****-****-1111");
    }

    #[test]
    fn the_addresses_are_optional_and_kept_with_the_facts() {
        let tz = TimeZone::UTC;
        let now: Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let mut form = FactsForm::new(None, "", &Facts::default(), &tz, Lang::Zh);
        form.focus = Field::MerchantAddress.index();
        if let Some(i) = form.input_mut() {
            i.insert("上海市静安区南京西路88号");
        }
        let (_, f) = form.submit(&Facts::default(), now, &tz).unwrap();
        assert_eq!(f.extra["merchant_address"], "上海市静安区南京西路88号");
        assert!(
            !f.extra.contains_key("your_address"),
            "left empty: not stored"
        );
        // Shown again when the form is opened, and emptied when cleared.
        let mut form = FactsForm::new(Some("c".into()), "t", &f, &tz, Lang::Zh);
        assert_eq!(
            form.value(Field::MerchantAddress),
            "上海市静安区南京西路88号"
        );
        form.focus = Field::MerchantAddress.index();
        if let Some(i) = form.input_mut() {
            i.clear();
        }
        let (_, g) = form.submit(&f, now, &tz).unwrap();
        assert!(!g.extra.contains_key("merchant_address"), "{:?}", g.extra);
    }
}
