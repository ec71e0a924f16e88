use proptest::prelude::*;

use super::*;
use crate::domain::duplicates::{Confidence, DEFAULT_WINDOW_MINUTES, find};

const WECHAT_CSV: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat.csv");
const WECHAT_XLSX: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat.xlsx");
const WECHAT_XLSX_TYPED: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-typed.xlsx");
const ALIPAY_CSV: &[u8] = include_bytes!("../../tests/fixtures/bills/alipay.csv");
const ALIPAY_OLD: &[u8] = include_bytes!("../../tests/fixtures/bills/alipay-old.csv");
const NO_DUPLICATE: &[u8] = include_bytes!("../../tests/fixtures/bills/no-duplicate.csv");
const WECHAT_RESAVED: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-resaved.csv");
const WECHAT_2026: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-2026.xlsx");
const ALIPAY_2021: &[u8] = include_bytes!("../../tests/fixtures/bills/alipay-2021.csv");
const WECHAT_2025: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-2025.csv");
const WECHAT_DAMAGED: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-damaged.csv");
const WECHAT_LOCKED: &[u8] = include_bytes!("../../tests/fixtures/bills/wechat-locked.zip");

const ALL: [(&[u8], Layout, usize); 8] = [
    (WECHAT_CSV, Layout::WeChatCsv, 16),
    (WECHAT_XLSX, Layout::WeChatXlsx, 16),
    // Saved again by a spreadsheet program: date cells and numbers.
    (WECHAT_XLSX_TYPED, Layout::WeChatXlsx, 16),
    (ALIPAY_CSV, Layout::AlipayCsv, 16),
    // The older layout has no refund rows: the refund is a column of the charge.
    (ALIPAY_OLD, Layout::AlipayOld, 15),
    // Saved again by a spreadsheet program: `2026.11.20 12:45`, no seconds, quoted IDs.
    (WECHAT_RESAVED, Layout::WeChatCsv, 16),
    // The bill on the second sheet, amounts as numbers with a `¥` format.
    (WECHAT_2026, Layout::WeChatXlsx, 16),
    // `收/支` first, time last, notes after the table; two `0.00` rows, one of them last.
    (ALIPAY_2021, Layout::AlipayApp2021, 18),
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
fn lines_after_the_table_are_not_rows() {
    let bill = read(ALIPAY_2021).unwrap();
    // A divider, nine lines of export information and totals, a title and nine notes.
    assert_eq!((bill.skipped, bill.ignored), (0, 20));
    let zero: Vec<&str> = bill
        .rows
        .iter()
        .filter(|r| r.amount == "0.00")
        .map(|r| r.status.as_str())
        .collect();
    assert_eq!(zero, ["交易成功", "交易关闭"]);
    // Cut in the notes: every row is still there. Cut in the last row: incomplete.
    let text = encoding_rs::GBK.decode(ALIPAY_2021).0.into_owned();
    let in_notes = text.find("5.充值").unwrap();
    let cut = encoding_rs::GBK.encode(&text[..in_notes]).0.into_owned();
    assert_eq!(read(&cut).unwrap().rows.len(), 18);
    let in_last_row = text.find("YD0").unwrap();
    let cut = encoding_rs::GBK.encode(&text[..in_last_row]).0.into_owned();
    assert_eq!(read(&cut), Err(BillError::Truncated));
}

#[test]
fn a_row_cut_inside_the_file_is_skipped_and_counted() {
    let bill = read(WECHAT_DAMAGED).unwrap();
    assert_eq!((bill.rows.len(), bill.skipped, bill.ignored), (15, 1, 1));
    let c = find(&bill.rows, DEFAULT_WINDOW_MINUTES);
    let merchants: Vec<&str> = c.iter().map(|c| c.merchant.as_str()).collect();
    assert_eq!(merchants, ["青柠便利店", "云朵外卖"]);
}

#[test]
fn commas_transfers_and_own_money_in_a_real_shaped_bill() {
    let bill = read(WECHAT_2025).unwrap();
    assert_eq!((bill.rows.len(), bill.skipped), (13, 0));
    let goods = bill.rows.iter().find(|r| r.merchant_order_id == "QN1119");
    assert_eq!(goods.unwrap().counterparty, "青柠便利店");
    let c = find(&bill.rows, DEFAULT_WINDOW_MINUTES);
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!(c[0].merchant, "SAMPLE TRADING HONG KONG CO.,LIMITED");
    assert_eq!(c[0].confidence, Confidence::High);
    let t = crate::domain::duplicates::find_transfers(&bill.rows, DEFAULT_WINDOW_MINUTES);
    let people: Vec<(&str, Confidence, bool)> = t
        .iter()
        .map(|c| (c.merchant.as_str(), c.confidence, c.to_person))
        .collect();
    assert_eq!(
        people,
        [
            ("小林", Confidence::Low, true),
            ("小周", Confidence::Low, true)
        ]
    );
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

/// `WECHAT_XLSX` with its sheet's XML changed by `edit`, packed again.
fn xlsx_with(edit: impl Fn(String) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(WECHAT_XLSX)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            text = edit(text);
        }
        out.start_file(name, opts).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn an_xlsx_claiming_the_whole_grid_costs_only_its_cells() {
    // The last cell a sheet can have: laid out as a rectangle, half a terabyte.
    let far = xlsx_with(|x| {
        x.replace(r#"<dimension ref="A1:K33" />"#, r#"<dimension ref="A1:XFD1048576" />"#)
            .replace(
                "</sheetData>",
                r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
            )
    });
    assert!(far.len() < 10_000);
    let bill = read(&far).unwrap();
    assert_eq!(bill.rows.len(), 16);
}

#[test]
fn a_zip_bomb_is_not_a_bill() {
    // 80 MB of spaces inside the sheet, a few tens of kilobytes packed.
    let bomb = xlsx_with(|x| {
        x.replace(
            "</sheetData>",
            &format!("{}</sheetData>", " ".repeat(80 << 20)),
        )
    });
    assert!(bomb.len() < 1 << 20);
    assert_eq!(read(&bomb), Err(BillError::NotABill));
}

#[test]
fn old_excel_and_endless_lines_are_refused_by_name() {
    let mut xls = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    xls.extend([0u8; 512]);
    assert_eq!(read(&xls), Err(BillError::OldExcel));
    let mut line = WECHAT_CSV.to_vec();
    line.extend(std::iter::repeat_n(b'x', grid::MAX_LINE + 1));
    assert_eq!(read(&line), Err(BillError::NotABill));
}

#[test]
fn a_locked_zip_opens_with_its_password_only() {
    assert!(is_locked(WECHAT_LOCKED));
    assert_eq!(read(WECHAT_LOCKED), Err(BillError::Locked));
    assert_eq!(
        read_locked(WECHAT_LOCKED, Some("wrong")),
        Err(BillError::WrongPassword)
    );
    let bill = read_locked(WECHAT_LOCKED, Some("20261121")).unwrap();
    assert_eq!(bill.rows, read(WECHAT_CSV).unwrap().rows);
}

#[test]
fn an_aes_zip_opens_with_its_password_only() {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .with_aes_encryption(zip::AesMode::Aes256, "k7-Pw");
    out.start_file("alipay_record_20261121.csv", opts).unwrap();
    out.write_all(ALIPAY_CSV).unwrap();
    let zip = out.finish().unwrap().into_inner();
    assert!(is_locked(&zip));
    assert_eq!(read(&zip), Err(BillError::Locked));
    for wrong in ["k7-pw", "x"] {
        assert_eq!(
            read_locked(&zip, Some(wrong)),
            Err(BillError::WrongPassword)
        );
    }
    let bill = read_locked(&zip, Some("k7-Pw")).unwrap();
    assert_eq!(bill.layout, Layout::AlipayCsv);
    assert_eq!(bill.rows.len(), 16);
}

/// A packed bill whose name is not valid in the encoding its zip claims (GBK bytes under the
/// UTF-8 flag) is still found: only its ending is read.
#[test]
fn a_packed_bill_with_a_name_in_another_encoding_is_found() {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    out.start_file("支付宝账单.csv", zip::write::SimpleFileOptions::default())
        .unwrap();
    out.write_all(ALIPAY_CSV).unwrap();
    let mut zip = out.finish().unwrap().into_inner();
    // 账 in UTF-8 (3 bytes) becomes 账 in GBK (2 bytes) and a space, in the local header
    // and in the central directory alike, so the name is no longer UTF-8.
    let (utf8, gbk) = ("账".as_bytes(), [0xd5, 0xcb, b' ']);
    let mut replaced = 0;
    while let Some(at) = zip.windows(3).position(|w| w == utf8) {
        zip[at..at + 3].copy_from_slice(&gbk);
        replaced += 1;
    }
    assert_eq!(replaced, 2);
    let bill = read(&zip).unwrap();
    assert_eq!(bill.layout, Layout::AlipayCsv);
    assert_eq!(bill.rows.len(), 16);
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
