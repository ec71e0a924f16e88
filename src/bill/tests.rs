use proptest::prelude::*;

use super::*;
use crate::domain::duplicates::{Confidence, DEFAULT_WINDOW_MINUTES, find};

const WECHAT_CSV: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat.csv");
const WECHAT_XLSX: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat.xlsx");
const WECHAT_XLSX_TYPED: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-typed.xlsx");
const ALIPAY_CSV: &[u8] = include_bytes!("../../tests/fixtures/bills/alipay.csv");
const ALIPAY_OLD: &[u8] = include_bytes!("../../tests/fixtures/bills/alipay-old.csv");
const NO_DUPLICATE: &[u8] = include_bytes!("../../tests/fixtures/bills/no-duplicate.csv");

const ALL: [(&[u8], Layout, usize); 5] = [
    (WECHAT_CSV, Layout::WeChatCsv, 16),
    (WECHAT_XLSX, Layout::WeChatXlsx, 16),
    // Saved again by a spreadsheet program: date cells and numbers.
    (WECHAT_XLSX_TYPED, Layout::WeChatXlsx, 16),
    (ALIPAY_CSV, Layout::AlipayCsv, 16),
    // The older layout has no refund rows: the refund is a column of the charge.
    (ALIPAY_OLD, Layout::AlipayOld, 15),
];

#[test]
fn every_layout_is_found_by_content_and_finds_exactly_the_true_duplicates() {
    for (bytes, layout, n) in ALL {
        let bill = read(bytes).unwrap_or_else(|e| panic!("{layout:?}: {e}"));
        assert_eq!(bill.layout, layout);
        assert_eq!(bill.rows.len(), n, "{layout:?}");
        assert_eq!(bill.skipped, 0, "{layout:?}");
        let c = find(&bill.rows, DEFAULT_WINDOW_MINUTES);
        let got: Vec<(&str, &str, Confidence, bool, usize)> = c
            .iter()
            .map(|c| {
                (
                    c.merchant.as_str(),
                    c.amount.as_str(),
                    c.confidence,
                    c.already_refunded,
                    c.payments.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("青柠便利店", "38.50", Confidence::High, false, 2),
                ("云朵外卖", "52.00", Confidence::Medium, true, 2),
            ],
            "{layout:?}"
        );
    }
}

#[test]
fn ids_lose_their_tab_and_amounts_their_sign() {
    let bill = read(WECHAT_CSV).unwrap();
    let r = bill
        .rows
        .iter()
        .find(|r| r.transaction_id == "4200002026112012452700000001")
        .expect("the ID without its trailing tab");
    assert_eq!(r.amount, "38.50");
    assert_eq!(r.merchant_order_id, "QN20261120124500017");
    assert_eq!(r.method, "中国银行(1234)");
    assert_eq!(r.time.to_string(), "2026-11-20T12:45:27");
    let topup = bill.rows.iter().find(|r| r.kind == "零钱充值").unwrap();
    assert_eq!(topup.merchant_order_id, "", "`/` means empty");
}

#[test]
fn the_alipay_fixtures_are_really_gbk() {
    for bytes in [ALIPAY_CSV, ALIPAY_OLD] {
        assert!(std::str::from_utf8(bytes).is_err());
        let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
        assert!(!had_errors);
        assert!(text.contains("交易"));
    }
    let bill = read(ALIPAY_OLD).unwrap();
    let refunded = bill.rows.iter().find(|r| !r.refunded.is_empty()).unwrap();
    assert_eq!(refunded.refunded, "52.00");
}

#[test]
fn a_bill_without_duplicates_has_no_candidates() {
    let bill = read(NO_DUPLICATE).unwrap();
    assert!(!bill.rows.is_empty());
    assert!(find(&bill.rows, DEFAULT_WINDOW_MINUTES).is_empty());
}

#[test]
fn bad_files_say_which_way_they_are_bad() {
    assert_eq!(read(b""), Err(BillError::Empty));
    assert_eq!(read(b" \r\n\n"), Err(BillError::Empty));
    assert_eq!(read(b"name,age\nann,3\n"), Err(BillError::UnknownLayout));
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("交易时间".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    assert_eq!(read(&utf16), Err(BillError::WrongEncoding));
    // The WeChat bill saved through a program that did not know its encoding.
    let lossy = String::from_utf8_lossy(ALIPAY_CSV).into_owned();
    assert_eq!(read(lossy.as_bytes()), Err(BillError::WrongEncoding));
    // Header and preamble but no transactions.
    let text = std::str::from_utf8(WECHAT_CSV).unwrap();
    let header_end = text.find("商户单号,备注").unwrap() + "商户单号,备注".len();
    assert_eq!(read(&text.as_bytes()[..header_end]), Err(BillError::NoRows));
    // Cut in the preamble, in the middle of the last row, or mid-character.
    assert_eq!(read(&WECHAT_CSV[..200]), Err(BillError::Truncated));
    let cut = text.rfind("4.00").unwrap();
    assert_eq!(read(&text.as_bytes()[..cut]), Err(BillError::Truncated));
    let mid_char = text.rfind("地铁").unwrap() + 1;
    assert_eq!(
        read(&text.as_bytes()[..mid_char]),
        Err(BillError::Truncated)
    );
    assert_eq!(
        read(&ALIPAY_CSV[..ALIPAY_CSV.len() - 40]),
        Err(BillError::Truncated)
    );
    assert_eq!(
        read(&WECHAT_XLSX[..WECHAT_XLSX.len() / 2]),
        Err(BillError::Truncated)
    );
    // A zip with no bill in it.
    let mut zip = b"PK\x03\x04\x14\x00\x01\x00".to_vec();
    zip.extend_from_slice(&[0; 22]);
    zip.extend_from_slice(b"PK\x05\x06");
    zip.extend_from_slice(&[0; 18]);
    assert_eq!(read(&zip), Err(BillError::UnknownLayout));
}

#[test]
fn every_prefix_of_every_fixture_reads_or_fails_cleanly() {
    for (bytes, _, _) in ALL {
        let step = (bytes.len() / 300).max(1);
        for end in (0..bytes.len()).step_by(step) {
            let _ = read(&bytes[..end]);
        }
    }
}

proptest! {
    #[test]
    fn any_bytes_give_a_bill_or_an_error(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = read(&bytes);
    }

    #[test]
    fn any_bytes_after_a_real_header_give_a_bill_or_an_error(
        tail in prop::collection::vec(any::<u8>(), 0..600),
    ) {
        let text = std::str::from_utf8(WECHAT_CSV).unwrap();
        let mut bytes = text.as_bytes()[..text.find("2026-11-20").unwrap()].to_vec();
        bytes.extend(tail);
        let _ = read(&bytes);
    }
}

#[test]
fn the_xlsx_bills_hold_exactly_the_rows_of_the_csv() {
    let mut want = read(WECHAT_CSV).unwrap().rows;
    want.sort();
    for bytes in [WECHAT_XLSX, WECHAT_XLSX_TYPED] {
        let mut got = read(bytes).unwrap().rows;
        got.sort();
        assert_eq!(got, want);
    }
}
