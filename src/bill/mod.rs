//! Reading a bill export the user downloaded from WeChat Pay or Alipay, from its bytes (the
//! caller reads the file). The layout is found by content, never by file name: an xlsx is a
//! zip, a csv is UTF-8 (WeChat, often with a BOM) or GBK (Alipay), and the header row says
//! which app and which layout it is. Formats: `shared/formats/bills.md`.

use std::sync::atomic::AtomicUsize;

mod archive;
mod file;
mod grid;
mod layout;

pub use file::{FileError, MAX_FILE, read_file};
pub use layout::{bill_amount, parse_time};

use crate::domain::duplicates::BillRow;

/// The app that wrote the bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BillApp {
    WeChat,
    Alipay,
}

impl BillApp {
    /// Text key of the app's name (`微信支付` / `WeChat Pay`).
    pub fn name_key(self) -> &'static str {
        match self {
            BillApp::WeChat => "bill.app.wechat",
            BillApp::Alipay => "bill.app.alipay",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    WeChatCsv,
    WeChatXlsx,
    /// The Alipay app export of 2023 onward (time first).
    AlipayCsv,
    /// The Alipay app export of 2021–2022 (`alipay_record_*.csv`: `收/支` first, time last,
    /// notes after the table).
    AlipayApp2021,
    /// The older Alipay web export (`支付宝交易记录明细查询`).
    AlipayOld,
}

impl Layout {
    pub const ALL: [Layout; 5] = [
        Layout::WeChatCsv,
        Layout::WeChatXlsx,
        Layout::AlipayCsv,
        Layout::AlipayApp2021,
        Layout::AlipayOld,
    ];

    pub fn app(self) -> BillApp {
        match self {
            Layout::WeChatCsv | Layout::WeChatXlsx => BillApp::WeChat,
            Layout::AlipayCsv | Layout::AlipayApp2021 | Layout::AlipayOld => BillApp::Alipay,
        }
    }

    /// Stable name (`scan --json` prints it); the words are `bill.layout.<code>`.
    pub fn code(self) -> &'static str {
        match self {
            Layout::WeChatCsv => "wechat_csv",
            Layout::WeChatXlsx => "wechat_xlsx",
            Layout::AlipayCsv => "alipay_app_2023",
            Layout::AlipayApp2021 => "alipay_app_2021",
            Layout::AlipayOld => "alipay_web",
        }
    }

    pub fn key(self) -> String {
        format!("bill.layout.{}", self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    pub layout: Layout,
    pub rows: Vec<BillRow>,
    /// Rows that looked like transactions but could not be read (cut short, a bad time or
    /// amount) inside the file, left out.
    pub skipped: usize,
    /// Lines under the header that are not transactions (totals, numbered notes, export
    /// information, dividers), ignored.
    pub ignored: usize,
}

/// Why a bill could not be read. Each has a message `bill.error.<code>` in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BillError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not UTF-8 or GBK text")]
    WrongEncoding,
    #[error("the file ends in the middle")]
    Truncated,
    #[error("not a WeChat Pay or Alipay bill layout")]
    UnknownLayout,
    #[error("the bill lists no transactions")]
    NoRows,
    /// The zip the app e-mails, locked with a password not given yet.
    #[error("the zip is locked with a password")]
    Locked,
    #[error("the password does not open the zip")]
    WrongPassword,
    /// Larger than any bill, or built to cost memory (a zip bomb, a line of megabytes, a
    /// broken workbook).
    #[error("not a bill paytwice can read")]
    NotABill,
    /// An old binary Excel file (`.xls`), which bank statements often are.
    #[error("an old Excel .xls file")]
    OldExcel,
}

impl BillError {
    pub fn key(self) -> &'static str {
        match self {
            BillError::Empty => "bill.error.empty",
            BillError::WrongEncoding => "bill.error.wrong_encoding",
            BillError::Truncated => "bill.error.truncated",
            BillError::UnknownLayout => "bill.error.unknown_layout",
            BillError::NoRows => "bill.error.no_rows",
            BillError::Locked => "bill.error.locked",
            BillError::WrongPassword => "bill.error.wrong_password",
            BillError::NotABill => "bill.error.not_a_bill",
            BillError::OldExcel => "bill.error.old_excel",
        }
    }
}

/// Read a bill. Any bytes give a bill or an error, never a panic.
pub fn read(bytes: &[u8]) -> Result<Bill, BillError> {
    read_locked(bytes, None)
}

/// Read a bill that may come in the zip the app sent, with the zip's password if it has one.
pub fn read_locked(bytes: &[u8], password: Option<&str>) -> Result<Bill, BillError> {
    read_watched(bytes, password, &AtomicUsize::new(0))
}

/// `read_locked`, setting `progress` now and then to the thousandths of the text read.
pub fn read_watched(
    bytes: &[u8],
    password: Option<&str>,
    progress: &AtomicUsize,
) -> Result<Bill, BillError> {
    if is_zip(bytes) {
        if !archive::complete(bytes) {
            return Err(BillError::Truncated);
        }
        return match archive::inspect(bytes)? {
            archive::Zip::Xlsx => grid::xlsx(bytes),
            archive::Zip::Packed { index, .. } => {
                let inner = archive::unpack(bytes, index, password)?;
                // A zip in the zip is not how either app sends a bill.
                if is_zip(&inner) && !matches!(archive::inspect(&inner), Ok(archive::Zip::Xlsx)) {
                    return Err(BillError::UnknownLayout);
                }
                read_watched(&inner, None, progress)
            }
        };
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(BillError::Empty);
    }
    if bytes.starts_with(OLE) {
        return Err(BillError::OldExcel);
    }
    let Some(lines) = grid::short_lines(bytes) else {
        return Err(BillError::NotABill);
    };
    let text = grid::decode(bytes)?;
    match grid::csv(&text, lines, progress) {
        // No header in text full of replacement characters: a bill saved in the wrong
        // encoding by some other program, not an unknown layout.
        Err(BillError::UnknownLayout) if text.contains('\u{FFFD}') => Err(BillError::WrongEncoding),
        r => r,
    }
}

/// Whether a zip needs a password before it can be read (the apps lock the bill's zip).
pub fn is_locked(bytes: &[u8]) -> bool {
    is_zip(bytes)
        && archive::complete(bytes)
        && matches!(
            archive::inspect(bytes),
            Ok(archive::Zip::Packed { locked: true, .. })
        )
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The start of an OLE2 compound file: an `.xls` from Excel 97–2003.
const OLE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

#[cfg(test)]
mod tests;
