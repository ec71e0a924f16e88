//! The privacy guard on real-looking inputs (all numbers invented; card numbers are the
//! networks' published test numbers, ID numbers made up with a valid check character).

use super::*;

fn g(s: &str) -> Guarded {
    guard(s, "")
}

fn kinds(s: &str) -> Vec<FindingKind> {
    g(s).findings.into_iter().map(|f| f.kind).collect()
}

#[test]
fn luhn_and_id_checks() {
    assert!(luhn_ok("4111111111111111"));
    assert!(!luhn_ok("4111111111111112"));
    assert!(luhn_ok("6212345678901234569"));
    assert!(prc_id_ok("11010519491231002X"));
    assert!(prc_id_ok("11010519491231002x"));
    assert!(!prc_id_ok("110105194912310021"));
    assert!(!prc_id_ok("11010519491231002"));
}

#[test]
fn card_numbers_are_masked_to_the_last_four() {
    assert_eq!(
        g("卡号 4111 1111 1111 1111 已扣款").text,
        "卡号 **** **** **** 1111 已扣款"
    );
    assert_eq!(g("card 4111111111111111.").text, "card ************1111.");
    assert_eq!(
        g("Amex 3782-822463-10005 charged").text,
        "Amex ****-******-*0005 charged"
    );
    // 19-digit UnionPay-style number written 4-4-4-4-3.
    let upi = "6212 3456 7890 1234 569";
    assert_eq!(g(upi).text, "**** **** **** ***4 569");
    assert_eq!(kinds(upi), [FindingKind::CardNumber]);
    assert_eq!(kinds("5500 0000 0000 0004"), [FindingKind::CardNumber]);
}

#[test]
fn a_sixteen_digit_run_failing_luhn_is_kept() {
    let s = "订单 4111111111111112 已付";
    assert_eq!(g(s).text, s);
    assert!(g(s).findings.is_empty());
}

#[test]
fn long_order_and_transaction_ids_are_kept_unless_luhn_valid() {
    // WeChat Pay and Alipay transaction numbers are 28+ digits: never a card.
    // (The Alipay one even passes Luhn: its length says it is no card.)
    for s in [
        "交易单号 4200001234202611201234567890",
        "Alipay 2026112022001412345678901234",
        "order 20261120123456789",
    ] {
        assert_eq!(g(s).text, s, "{s}");
    }
    // A 16-digit order id that happens to pass Luhn is masked: it could be a card.
    assert_eq!(g("order 4012888888881881").text, "order ************1881");
}

#[test]
fn dates_beside_numbers_are_not_read_as_cards() {
    let s = "2026-11-20 12:45:27 付款 38.50 元";
    assert_eq!(g(s).text, s);
    let s = "on 2026-11-20 13812345678 called";
    assert_eq!(g(s).text, "on 2026-11-20 *******5678 called");
}

#[test]
fn prc_id_numbers_are_masked() {
    assert_eq!(
        g("身份证 11010519491231002X 请核实").text,
        "身份证 **************002X 请核实"
    );
    assert_eq!(kinds("ID 11010519491231002X"), [FindingKind::IdNumber]);
    // Same shape with a wrong check character: not an ID (and 17 digits + X is no card).
    assert!(g("ref 11010519491231002Y").findings.is_empty());
}

#[test]
fn phone_numbers_are_masked_unless_they_are_the_users_own() {
    assert_eq!(g("call 13812345678").text, "call *******5678");
    assert_eq!(g("电话 138-1234-5678").text, "电话 ***-****-5678");
    assert_eq!(g("+86 138 1234 5678").text, "+** *** **** 5678");
    assert_eq!(g("+8613812345678").text, "+*********5678");
    assert_eq!(g("London +44 20 7946 0958").text, "London +** ** **** 0958");
    assert_eq!(g("座机 010-62345678").text, "座机 ***-****5678");
    // Service lines are business numbers.
    assert_eq!(g("客服 4001234567").text, "客服 4001234567");
    assert_eq!(g("客服 400-123-4567").text, "客服 400-123-4567");
    // The user's own contact is their signature.
    let own = guard("联系我 138 1234 5678，或 13900001111", "+86 13812345678");
    assert_eq!(own.text, "联系我 138 1234 5678，或 *******1111");
    assert_eq!(own.findings.len(), 1);
    // A phone-shaped run inside an alphanumeric id is part of the id.
    assert_eq!(g("ORD13812345678").text, "ORD13812345678");
}

#[test]
fn secrets_are_removed_and_reported() {
    for (input, want) in [
        ("验证码 482913", "验证码 ******"),
        (
            "验证码：482913，请勿告诉他人",
            "验证码：******，请勿告诉他人",
        ),
        ("客服要我的短信验证码482913", "客服要我的短信验证码******"),
        ("支付密码是135790", "支付密码是******"),
        ("password: hunter2", "password: ******"),
        ("My password is hunter2.", "My password is ******."),
        ("PIN 1234", "PIN ******"),
        ("your code is 557213", "your code is ******"),
        ("Passcode=8899", "Passcode=******"),
    ] {
        let out = g(input);
        assert_eq!(out.text, want, "{input}");
        assert!(
            out.findings.iter().any(|f| f.kind == FindingKind::Secret),
            "{input}"
        );
        assert!(has_secret(input), "{input}");
    }
}

#[test]
fn words_alone_are_not_secrets() {
    for s in [
        "I never shared my password with anyone",
        "不要把验证码告诉任何人",
        "barcode 123456 on the receipt",
        "spinning 1234",
        "postcode 100080",
    ] {
        assert_eq!(g(s).text, s, "{s}");
        assert!(!has_secret(s), "{s}");
    }
}

#[test]
fn payment_method_keeps_everything_but_a_full_card_number() {
    assert_eq!(
        mask_card_numbers("招商银行储蓄卡 4111 1111 1111 1111"),
        "招商银行储蓄卡 **** **** **** 1111"
    );
    assert_eq!(
        mask_card_numbers("bank card ****1111"),
        "bank card ****1111"
    );
    assert_eq!(mask_card_numbers("Visa 1111"), "Visa 1111");
    // Phones are not the payment method's business.
    assert_eq!(mask_card_numbers("13812345678"), "13812345678");
}

#[test]
fn findings_never_hold_the_secret_in_clear() {
    let out = g("卡 4111111111111111 验证码 482913 身份证 11010519491231002X");
    for f in &out.findings {
        assert!(!f.masked.contains("4111111111111111"));
        assert!(!f.masked.contains("482913"));
        assert!(!f.masked.contains("110105194912310"));
    }
    assert!(!out.text.contains("482913"));
    assert_eq!(out.findings.len(), 3);
}

#[test]
fn odd_text_never_panics() {
    for s in [
        "",
        "+",
        "-1-",
        "密码",
        "code",
        "X",
        "１２３",
        "+86",
        "4111 ",
        "验证码：",
        "a\u{0}b",
    ] {
        let _ = guard(s, "+86");
        let _ = mask_card_numbers(s);
    }
}

#[test]
fn json_strings_are_guarded_and_the_json_stays_valid() {
    let mut v = serde_json::json!({
        "notes": "password: hunter2\n验证码 482913",
        "nested": [{"card": "4111111111111111"}],
        "count": 4111111111111111u64,
    });
    let f = guard_json(&mut v, "");
    assert_eq!(f.len(), 3);
    assert_eq!(v["notes"], "password: ******\n验证码 ******");
    assert_eq!(v["nested"][0]["card"], "************1111");
    let text = serde_json::to_string(&v).unwrap();
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_ok());
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A Luhn-valid 16-digit number from 15 random digits.
    fn card(body: &[u8]) -> String {
        let s: String = body.iter().map(|d| char::from(b'0' + d % 10)).collect();
        (0..10u8)
            .map(|d| format!("{s}{d}"))
            .find(|c| luhn_ok(c))
            .unwrap_or_default()
    }

    proptest! {
        #[test]
        fn any_text_is_guarded_without_panic(s in "\\PC{0,80}", own in "[0-9+ ]{0,15}") {
            let _ = guard(&s, &own);
            let _ = mask_card_numbers(&s);
        }

        #[test]
        fn a_card_in_any_sentence_never_survives(
            body in proptest::collection::vec(0u8..10, 15),
            before in "[a-zA-Z付款卡号，。: ]{0,12}",
            after in "[a-zA-Z付款卡号，。: ]{0,12}",
            sep in prop::sample::select(vec!["", " ", "-"]),
        ) {
            let digits = card(&body);
            let shown: Vec<&str> = (0..4).map(|i| &digits[i * 4..i * 4 + 4]).collect();
            let shown = shown.join(sep);
            let out = guard(&format!("{before}{shown}{after}"), "").text;
            prop_assert!(!out.contains(&shown), "{out}");
            prop_assert!(!out.contains(&digits), "{out}");
        }
    }
}

#[test]
fn a_card_in_a_message_reads_as_people_say_it_whatever_its_length() {
    let zh = "尾号 {last4}";
    let en = "card ending {last4}";
    // The 19-digit UnionPay card, the common kind in China, written 4-4-4-4-3.
    let upi = "6222 0212 3456 7890 128";
    assert!(
        luhn_ok(&upi.replace(' ', "")),
        "the fixture is a valid number"
    );
    let m = guard_words(&format!("银行卡 {upi} 被扣款"), "", zh);
    assert_eq!(m.text, "银行卡尾号 0128 被扣款");
    assert_eq!(m.findings[0].masked, "尾号 0128");
    assert_eq!(
        guard_words(&format!("paid with {upi}."), "", en).text,
        "paid with card ending 0128."
    );
    assert_eq!(
        guard_words("Visa card 4111 1111 1111 1111", "", en).text,
        "Visa card ending 1111"
    );
    // What the user already masked, in any grouping, reads the same way.
    for (typed, want) in [
        (
            "招商银行储蓄卡 **** **** **** ***0 128",
            "招商银行储蓄卡尾号 0128",
        ),
        ("储蓄卡 ****0128", "储蓄卡尾号 0128"),
        ("bank card ****1111", "bank card ending 1111"),
    ] {
        let card = if typed.is_ascii() { en } else { zh };
        let g = card_in_words(typed, card);
        assert_eq!(g.text, want, "{typed}");
        assert!(g.findings.is_empty(), "already masked");
    }
    // Not a masked card: kept as typed.
    for s in [
        "**bold** 2026",
        "*1234",
        "a*b",
        "****",
        "****12345x",
        "x****1234",
    ] {
        assert_eq!(card_in_words(s, en).text, s);
    }
    let full = card_in_words("Visa 4111111111111111", en);
    assert_eq!(full.text, "Visa card ending 1111");
    assert_eq!(full.findings[0].kind, FindingKind::CardNumber);
    // The plain guard (exports, show) keeps the digit mask.
    assert_eq!(g(upi).text, "**** **** **** ***0 128");
}
