//! Reading a bill export the user downloaded from WeChat Pay or Alipay, from its bytes (the
//! caller reads the file). The layout is found by content, never by file name: an xlsx is a
//! zip, a csv is UTF-8 (WeChat, often with a BOM) or GBK (Alipay), and the header row says
//! which app and which layout it is. Formats: `shared/formats/bills.md`.

mod grid;
mod layout;

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
    AlipayCsv,
    /// The older Alipay export (`支付宝交易记录明细查询`).
    AlipayOld,
}

impl Layout {
    pub fn app(self) -> BillApp {
        match self {
            Layout::WeChatCsv | Layout::WeChatXlsx => BillApp::WeChat,
            Layout::AlipayCsv | Layout::AlipayOld => BillApp::Alipay,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bill {
    pub layout: Layout,
    pub rows: Vec<BillRow>,
    /// Rows that looked like transactions but could not be read (bad time or amount).
    pub skipped: usize,
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
    /// The zip the app e-mails, still packed (and locked with a password).
    #[error("a zip archive, not yet unpacked")]
    Archive,
}

impl BillError {
    pub fn key(self) -> &'static str {
        match self {
            BillError::Empty => "bill.error.empty",
            BillError::WrongEncoding => "bill.error.wrong_encoding",
            BillError::Truncated => "bill.error.truncated",
            BillError::UnknownLayout => "bill.error.unknown_layout",
            BillError::NoRows => "bill.error.no_rows",
            BillError::Archive => "bill.error.archive",
        }
    }
}

/// Read a bill. Any bytes give a bill or an error, never a panic.
pub fn read(bytes: &[u8]) -> Result<Bill, BillError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(BillError::Empty);
    }
    let (cells, xlsx) = if bytes.starts_with(b"PK") {
        (grid::xlsx(bytes)?, true)
    } else {
        let text = grid::decode(bytes)?;
        let cells = grid::csv(&text)?;
        // No header in text full of replacement characters: a bill saved in the wrong
        // encoding by some other program, not an unknown layout.
        if layout::find_header(&cells).is_none() && text.contains('\u{FFFD}') {
            return Err(BillError::WrongEncoding);
        }
        (cells, false)
    };
    layout::rows(&cells, xlsx)
}

#[cfg(test)]
mod tests;
