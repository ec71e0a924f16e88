//! Families, not sentences: scams and genuine messages written for this project in the shapes
//! the corpus showed but with other words, merchants and numbers (issue 12). Every scam must
//! raise at least one flag and every genuine message none; which flags is the job of
//! `scam_messages.rs`.

use paytwice::domain::scam::check;

const SCAMS: &[&str] = &[
    "您好，我是淘宝客服，您购买的商品因仓库原因无法发货，我们将给您办理退款，请您添加客服微信处理。",
    "您的快递在中转时丢失，按规定给予您三倍赔偿，请扫码进群领取。",
    "您开通的百万医疗保障试用期已到，不关闭将每月扣费599元，需要我帮您关闭吗",
    "您在拼多多购买的商品有质量问题，厂家召回，可以给您退款288元，请打开支付宝备用金领取。",
    "我是抖音客服，您的账号被误开通了商家代理，每月扣费，需要您配合关闭。",
    "退款需要您在借呗里借一笔钱验证流水，验证完马上还回去。",
    "您好这边是顺丰理赔部，麻烦提供一下您的支付宝账号和绑定手机号。",
    "亲，您的订单支付失败，系统重复扣款了，请联系退款专员QQ1234567。",
    "为了安全起见，需要您把钱转到资金安全账户。",
    "您的淘宝账号存在异常交易，需要注销，否则会影响征信。",
    "请打开屏幕共享，我来指导您操作退款。",
    "请点击下方链接申请退款 http://tb-refund.cc/x",
    "【京东】您的订单因商品缺货取消，将赔付双倍金额，请联系客服4008-123-456",
    "您好，我是美团客服，您之前开通的会员被误设为高级会员，每月将扣除298元。",
    "您好，您的微信支付功能因违规被限制，请按提示重新实名认证。",
    "您在我司的贷款逾期，请在今天内还款，否则上门催收并通知您的通讯录联系人。",
    "亲，重复扣的那笔钱我们财务退不了，需要您配合做一下退款操作，先下载一个app。",
    "恭喜，您的手机号码被抽为本期幸运号码，奖金5万元，请缴纳个人所得税后领取。",
    "妈，我是小明，手机掉水里了，这是我新号，你先转五千到这个卡上。",
    "老师好，这是新学期资料费收款码，请家长们扫码缴费。",
    "Amazon: Your order #123 could not be processed. To receive your refund, please verify your payment information at amzn-refunds.com",
    "PayPal: You have received a refund of $299. To accept it, log in to your account via this link.",
    "Your Apple subscription has been renewed for $99.99. If you did not authorize this, call +1 (888) 555-0100.",
    "We detected a duplicate charge on your account. Our refund team will call you; please have your card details ready.",
    "Hi, this is Mark from the refund department. I need remote access to your computer to process the refund.",
    "Your package could not be delivered. Pay the $1.99 redelivery fee here: usps-redeliver.info",
    "Your bank account has been locked due to suspicious activity. Reply with your online banking password to unlock.",
    "Geek Squad: your annual plan auto-renewed for $399.99. To cancel and get a refund, call 1-800-555-0199.",
    "Your refund of $48.50 is pending. Please confirm your bank details to receive it.",
    "To speed up your refund, buy a $100 Google Play gift card and send me the code.",
    "Customer support: we sent you $5,000 by mistake instead of $50, please send back the difference.",
    "Netflix: your payment was declined. Update your billing details within 24 hours to avoid suspension: netflix-billing-help.com",
    "IRS: You are eligible for a tax refund of $820. Submit the form at irs-gov-refund.org",
    "Hello from Coinbase support, your wallet has been compromised. Move your funds to this secure wallet address.",
];

const GENUINE: &[&str] = &[
    "亲，您的退款已经提交，预计1-3个工作日原路退回哦。",
    "您好，核实到您的订单重复支付了，已为您退回第二笔38.50元。",
    "【招商银行】您账户1234于11月20日退款38.50元。",
    "您的快递已由菜鸟驿站代收，取件码3-2-1008，请凭取件码领取。",
    "微信支付：你有一笔退款到账，退款金额38.50元，退款方式：零钱。",
    "【支付宝】您的账户于今日在新设备登录，如非本人操作请及时修改密码。",
    "温馨提示：本行不会以任何理由要求您提供验证码。",
    "您的验证码是123456，用于登录，请勿告诉他人。",
    "请您在订单页面点击“申请退款”，我们会在24小时内处理。",
    "您的会员将于11月30日到期，可在“我的-会员中心”续费。",
    "【12306】您的车票已退票成功，退款将于7个工作日内退回原支付账户。",
    "航班变动通知：您预订的航班因天气原因取消，可在APP内免费办理退票或改签。",
    "您好，这边是商家客服，请问您是哪笔订单被扣了两次？方便提供一下订单号吗？",
    "您好，我们已经收到您的投诉，会尽快联系商家处理，请耐心等待。",
    "【中国银行】您的信用卡本期账单金额1234.56元，到期还款日12月5日，请按时还款，以免影响您的信用记录。",
    "您的花呗本月账单已出，请在10日前还款。",
    "亲，商品有质量问题的话可以申请退货退款，运费我们承担。",
    "您好，您反馈的重复扣款问题已登记，工单号T123，客服会在24小时内回电。",
    "【美团】您的外卖订单已取消，退款将原路退回。",
    "您申请的退款已被商家拒绝，如有异议可申请平台介入。",
    "Your order has been cancelled and a refund of $38.50 issued to your Visa ending 0128.",
    "Your Netflix membership will renew on Dec 3. Manage your membership in Account settings.",
    "Amazon: Refund of $38.50 for order 123-456 has been processed.",
    "Your one-time passcode is 123456. Never share it with anyone.",
    "Chase: A charge of $38.50 at Corner Cafe was declined. Reply YES if you made it.",
    "We're sorry for the double charge. We've refunded the second payment; it can take 5-10 business days.",
    "Hi, this is Anna from Corner Cafe customer service. We checked and you were charged twice, so we refunded the second charge today.",
    "Your subscription was cancelled. You won't be charged again.",
    "PayPal: You sent a payment of $38.50 to Corner Cafe. View details in the PayPal app.",
    "Your bank statement is ready. Log in to online banking to view it.",
    "Reminder: your card will expire next month. A replacement is on its way.",
    "Thanks for contacting support. Your case number is 12345; we will reply within 2 business days.",
];

#[test]
fn every_scam_of_the_families_raises_a_flag() {
    let missed: Vec<&&str> = SCAMS.iter().filter(|m| check(m).is_empty()).collect();
    assert!(missed.is_empty(), "no flag for: {missed:#?}");
}

#[test]
fn genuine_notices_and_replies_raise_none() {
    let alarms: Vec<(&&str, Vec<&str>)> = GENUINE
        .iter()
        .map(|m| {
            (
                m,
                check(m).iter().map(|f| f.kind.as_str()).collect::<Vec<_>>(),
            )
        })
        .filter(|(_, k)| !k.is_empty())
        .collect();
    assert!(alarms.is_empty(), "false alarms: {alarms:#?}");
}
