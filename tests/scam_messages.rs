//! The scam check on realistic messages (SPEC §1 step 5): scams get exactly the flags they
//! deserve, harmless merchant and bank messages get none. Every message is invented.

use std::collections::BTreeSet;

use paytwice::assets::has;
use paytwice::domain::scam::{FlagKind, check};
use paytwice::lang::Lang;

/// (message, the exact set of flag kinds expected).
const ZH: &[(&str, &[&str])] = &[
    // Harmless: merchant replies, a bank code SMS, a support warning.
    (
        "您好，我们已为您办理退款，3-5个工作日原路退回，请注意查收。",
        &[],
    ),
    (
        "【某某银行】您的验证码为482913，5分钟内有效，请勿泄露给他人。回复TD退订",
        &[],
    ),
    (
        "亲，重复扣款已核实，第二笔38.50元将退回原支付账户，给您带来不便非常抱歉。",
        &[],
    ),
    (
        "温馨提示：官方客服不会向您索要验证码或密码，任何人向您索要验证码都是诈骗。",
        &[],
    ),
    ("退款不收取任何手续费，款项会按原支付方式退回。", &[]),
    (
        "您的退款申请已受理，退款单号 R20261125001，预计3个工作日到账。",
        &[],
    ),
    (
        "您好，请问您方便提供一下两笔扣款的交易单号吗？我们核实后马上处理。",
        &[],
    ),
    (
        "我们已收到您的投诉，工单号 T20261125-88，客服会在24小时内回复您。",
        &[],
    ),
    ("本店不会以任何理由要求您转账或提供验证码，请放心。", &[]),
    (
        "公安机关和客服都不会要求您转账到所谓的安全账户。请问您的退款金额是多少？",
        &[],
    ),
    // Scams.
    (
        "亲，你手机上收到的验证码是多少？报给我就能马上退款。",
        &["verification_code"],
    ),
    (
        "请您先转1元到这个账户验证身份，验证成功后退款原路退回。",
        &["safe_account"],
    ),
    (
        "您好，我是支付平台退款专员，您的重复扣款需要核实身份，请把手机收到的验证码告诉我。",
        &["impersonation", "verification_code"],
    ),
    (
        "为加快退款，请下载腾讯会议，会议号 123 456 789，开启屏幕共享后我指导您操作。",
        &["screen_sharing"],
    ),
    (
        "您的退款被冻结，需将余额转入安全账户进行资金清查，否则将影响征信。",
        &["account_threat", "safe_account"],
    ),
    (
        "由于您的账户流水不足，系统无法原路退款，请先在借呗申请一笔贷款刷流水。",
        &["fee_or_loan"],
    ),
    (
        "退款请点击链接填写信息：http://refund-im.top/a?id=88 ，填写银行卡号和支付密码即可。",
        &["link", "password", "card_details"],
    ),
    (
        "为方便处理，请加我微信 kefu_0088 私聊，或拨打 170 0000 1234。",
        &["private_chat"],
    ),
    (
        "退款需要先支付50元手续费解冻，到账后一并退还。",
        &["fee_or_loan"],
    ),
    // The families of issue 12, one message each, written for these tests.
    (
        "您好，这边是平台会员中心，系统显示您开通了年度会员，如不取消每个月都会扣费。",
        &["auto_renewal"],
    ),
    (
        "您在我们店买的面膜经抽检质检不合格，我们主动给您办理三倍理赔。",
        &["compensation"],
    ),
    (
        "为了给您打款，请报一下您的卡号和背面的三位安全码。",
        &["card_details"],
    ),
    (
        "把手机刚收到的六位数字念给我，系统才能把钱退回去。",
        &["verification_code"],
    ),
    (
        "你名下的学生贷还没关，国家在清理，请马上注销，不然会上征信。",
        &["account_threat"],
    ),
    (
        "重复扣款的钱已经退到我们的退款中心，请拨打退款热线 0571-8888 1234 办理。",
        &["impersonation", "call_back"],
    ),
    ("恭喜您被抽中为幸运用户，可领取一台平板电脑。", &["prize"]),
    (
        "这里是市公安局，你的身份证涉嫌一起洗钱案件，需要配合调查。",
        &["authority"],
    ),
    (
        "姐，我手机丢了，换了新号，急需用钱，能否借我三千？",
        &["money_request"],
    ),
    (
        "在家刷单返利，一单赚十元，做任务就能提现。",
        &["easy_money"],
    ),
    ("这是最后一次机会，今天不处理，后果自负。", &["urgency"]),
    (
        "為了退款，請先在APP裡開啟共享螢幕，再把驗證碼告訴我。",
        &["screen_sharing", "verification_code"],
    ),
    // Genuine notices of the same subjects stay quiet.
    (
        "【某银行】您尾号0128的信用卡11月20日消费38.50元，可用余额9,961.50元。",
        &[],
    ),
    ("您的退款38.50元已退回原支付账户，退款到账通知请查收。", &[]),
    ("如有疑问，请拨打支付宝官方客服电话95188。", &[]),
];

const EN: &[(&str, &[&str])] = &[
    // Harmless.
    (
        "Your refund of ¥38.50 has been issued to your original payment method. It usually arrives in 3-5 business days.",
        &[],
    ),
    (
        "Your verification code is 482913. Do not share this code with anyone, including our staff.",
        &[],
    ),
    (
        "Thanks for reaching out. We confirmed the duplicate charge and reversed the second payment today.",
        &[],
    ),
    (
        "Reminder: real customer service will never ask for your password, PIN or verification code.",
        &[],
    ),
    (
        "There is no fee for refunds. Your order number is 20261125-0042.",
        &[],
    ),
    (
        "We have received your refund request and will reply within 2 business days.",
        &[],
    ),
    (
        "Your one-time passcode is 884211. It expires in 10 minutes. If you did not request it, ignore this message.",
        &[],
    ),
    (
        "For your security, we will never ask you to share your screen or install apps.",
        &[],
    ),
    (
        "There is no such thing as a safe account. Never share your password with anyone.",
        &[],
    ),
    // Scams.
    (
        "Your refund failed. Update your billing info at http://paypa1-refunds.com within 24 hours to avoid account suspension.",
        &["link", "urgency"],
    ),
    (
        "Please transfer $1 to this account to verify your identity, then we return everything.",
        &["safe_account"],
    ),
    (
        "Hello, this is the refund team. To release your duplicate payment, please send me the 6-digit code we just texted you.",
        &["verification_code"],
    ),
    (
        "Please install AnyDesk and share your screen so our agent can process the refund for you.",
        &["screen_sharing"],
    ),
    (
        "Your refund is on hold. Move your balance to a safe account within 24 hours or your account will be frozen.",
        &["account_threat", "safe_account", "urgency"],
    ),
    (
        "To unlock the refund you must first pay a $20 processing fee by gift card.",
        &["fee_or_loan"],
    ),
    (
        "Claim your refund here: https://refund-claims.xyz/im and log in with your card password.",
        &["compensation", "link", "password"],
    ),
    (
        "Our system cannot refund you directly. Add me on WhatsApp at +1 555 0100 and I will handle it personally.",
        &["private_chat"],
    ),
    (
        "Scan the QR code in the attachment to receive your double payment back.",
        &["link", "impersonation"],
    ),
    // The families of issue 12, one message each, written for these tests.
    (
        "Your annual membership renews today. If you did not order it, call us within 24 hours to cancel.",
        &["auto_renewal", "urgency"],
    ),
    (
        "We owe you a refund for an order that was never delivered.",
        &["compensation"],
    ),
    (
        "To send the money back we just need your card number and expiry date.",
        &["card_details"],
    ),
    (
        "Please read me the 6 digits we just texted you so I can release the refund.",
        &["verification_code"],
    ),
    (
        "Your account will be blocked tonight unless you verify it.",
        &["account_threat"],
    ),
    (
        "Unusual charge on your card? Call our fraud department on 020 7946 0018.",
        &["call_back"],
    ),
    ("Congratulations, you have won a gift voucher!", &["prize"]),
    (
        "This is the police. Your bank account is part of a fraud investigation.",
        &["authority"],
    ),
    (
        "Hi mum, I lost my phone, can you lend me 300 for a new one?",
        &["money_request"],
    ),
    (
        "Earn daily from home: guaranteed returns on every task.",
        &["easy_money"],
    ),
    // Genuine notices of the same subjects stay quiet.
    (
        "A payment of $38.50 was made with your card ending 0128 at Corner Cafe.",
        &[],
    ),
    (
        "Questions about this charge? Call the number on the back of your card.",
        &[],
    ),
];

fn check_table(table: &[(&str, &[&str])]) {
    let mut problems = vec![];
    for (msg, expected) in table {
        let flags = check(msg);
        let got: BTreeSet<&str> = flags.iter().map(|f| f.kind.as_str()).collect();
        let want: BTreeSet<&str> = expected.iter().copied().collect();
        if got != want {
            let detail: Vec<String> = flags
                .iter()
                .map(|f| format!("{}: {}", f.kind.as_str(), f.excerpt))
                .collect();
            problems.push(format!("{msg}\n  want {want:?}\n  got  {detail:?}"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn chinese_messages_get_exactly_their_flags() {
    assert!(ZH.len() >= 10);
    assert!(ZH.iter().filter(|(_, k)| k.is_empty()).count() >= 5);
    check_table(ZH);
}

#[test]
fn english_messages_get_exactly_their_flags() {
    assert!(EN.len() >= 10);
    assert!(EN.iter().filter(|(_, k)| k.is_empty()).count() >= 5);
    check_table(EN);
}

#[test]
fn every_kind_is_raised_by_some_message_in_each_language() {
    for (name, table) in [("zh", ZH), ("en", EN)] {
        for kind in FlagKind::ALL {
            assert!(
                table.iter().any(|(_, k)| k.contains(&kind.as_str())),
                "{name}: no message raises {kind:?}"
            );
        }
    }
}

#[test]
fn every_kind_has_a_label_and_a_why_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        for kind in FlagKind::ALL {
            for key in [
                format!("scam.kind.{}", kind.as_str()),
                format!("scam.why.{}", kind.as_str()),
            ] {
                assert!(has(lang, &key), "{key} missing in {}", lang.code());
            }
        }
    }
}

#[test]
fn a_message_mixing_languages_is_checked_with_both_vocabularies() {
    let kinds: Vec<FlagKind> = check("Hi! 请把验证码发给我, then share your screen.")
        .iter()
        .map(|f| f.kind)
        .collect();
    assert_eq!(kinds, [FlagKind::VerificationCode, FlagKind::ScreenSharing]);
}

#[test]
fn each_flag_quotes_the_words_that_raised_it() {
    let flags = check("您的退款被冻结，需将余额转入安全账户进行资金清查。");
    let safe = flags
        .iter()
        .find(|f| f.kind == FlagKind::SafeAccount)
        .expect("safe account flagged");
    assert!(safe.excerpt.contains("安全账户"), "{}", safe.excerpt);
}

mod properties {
    use paytwice::domain::scam::normalize::normalize;
    use paytwice::domain::scam::{EXCERPT_COLUMNS, FlagKind, check};
    use proptest::prelude::*;
    use unicode_width::UnicodeWidthStr;

    proptest! {
        #[test]
        fn normalising_is_total_idempotent_and_maps_back(s in "\\PC{0,200}|[\\x00-\\x7f]{0,200}|[一-龥 .·\u{200B}0-9a-zA-Z]{0,60}") {
            let once = normalize(&s);
            let twice = normalize(&once.as_string());
            prop_assert_eq!(&twice.text, &once.text);
            let n = s.chars().count();
            prop_assert_eq!(once.text.len(), once.origin.len());
            prop_assert!(once.origin.windows(2).all(|w| w[0] <= w[1]));
            prop_assert!(once.origin.iter().all(|&o| o < n));
        }

        #[test]
        fn any_text_gives_clean_short_excerpts_one_flag_per_kind(s in "\\PC{0,300}|[\\x00-\\x7f]{0,300}") {
            let flags = check(&s);
            let mut kinds: Vec<FlagKind> = flags.iter().map(|f| f.kind).collect();
            kinds.sort();
            kinds.dedup();
            prop_assert_eq!(kinds.len(), flags.len());
            for f in &flags {
                prop_assert!(!f.excerpt.chars().any(char::is_control), "{:?}", f.excerpt);
                prop_assert!(f.excerpt.width() <= EXCERPT_COLUMNS + 2, "{:?}", f.excerpt);
            }
        }

        #[test]
        fn a_request_in_its_own_sentence_is_found_whatever_surrounds_it(
            before in "\\PC{0,80}",
            after in "\\PC{0,80}",
        ) {
            let text = format!("{before}\n请把验证码发给我。\n{after}");
            prop_assert!(check(&text).iter().any(|f| f.kind == FlagKind::VerificationCode));
        }
    }
}
