//! Bytes → rows of cells, handed one at a time to the layout reader. Text is decoded (UTF-8
//! with or without BOM, else GBK via GB18030) and split by the `csv` crate; an xlsx is read
//! cell by cell by `calamine` from memory, on whichever sheet holds the bill.
//!
//! Nothing here trusts what a file says about itself: a line may be at most `MAX_LINE` bytes,
//! an xlsx cell past column `MAX_COLUMNS` is ignored, and a sheet is never laid out as the
//! rectangle its `dimension` claims (`A1:XFD1048576` would be half a terabyte).

use std::borrow::Cow;
use std::io::Cursor;
use std::sync::atomic::{AtomicUsize, Ordering};

use calamine::{DataRef, Reader, Xlsx};

use super::layout::{self, HEADER_SEARCH_ROWS, Rows};
use super::{Bill, BillError};

/// The longest line a bill has is a few hundred bytes; a megabyte on one line is not a bill.
pub const MAX_LINE: usize = 64 * 1024;
/// Bills have 11 to 16 columns.
const MAX_COLUMNS: u32 = 64;

/// UTF-8 (a BOM is dropped), else GB18030, which covers GBK. A multi-byte character cut at
/// the very end is a truncated file; bytes neither encoding can read are a wrong encoding.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, BillError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 (what some spreadsheet programs save as "Unicode text") and binary files.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return Err(BillError::WrongEncoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(Cow::Borrowed(s)),
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            // Valid UTF-8 up to a character cut in half by the end of the file.
            if bytes[..e.valid_up_to()].iter().any(|b| !b.is_ascii()) {
                return Err(BillError::Truncated);
            }
        }
        Err(_) => {}
    }
    let gbk = |b: &[u8]| {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(b)
            .map(|s| Cow::Owned(s.into_owned()))
    };
    if let Some(s) = gbk(bytes) {
        return Ok(s);
    }
    let cut_short = (1..=3).any(|k| bytes.len() > k && gbk(&bytes[..bytes.len() - k]).is_some());
    Err(if cut_short {
        BillError::Truncated
    } else {
        BillError::WrongEncoding
    })
}

/// How many lines end with `\n`, or `None` when a line is longer than `MAX_LINE` (a line
/// ends at `\n` or `\r`). One pass, no allocation.
pub fn short_lines(bytes: &[u8]) -> Option<usize> {
    let (mut lines, mut start) = (0, 0);
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || b == b'\r' {
            if i - start > MAX_LINE {
                return None;
            }
            lines += usize::from(b == b'\n');
            start = i + 1;
        }
    }
    (bytes.len() - start <= MAX_LINE).then_some(lines)
}

/// A cell as the bills mean it: padding and the tab after IDs removed, `/` for nothing.
pub fn clean(cell: &str) -> &str {
    let c = cell.trim();
    if c == "/" { "" } else { c }
}

/// Finds the header among the first rows, then hands every later row to the layout reader.
struct Feed {
    seen: usize,
    preamble: bool,
    rows: Option<Rows>,
    xlsx: bool,
    /// About how many rows the file has.
    expected: usize,
}

impl Feed {
    fn new(xlsx: bool, expected: usize) -> Feed {
        Feed {
            seen: 0,
            preamble: false,
            rows: None,
            xlsx,
            expected,
        }
    }

    /// False once the header search has given up (the caller may stop).
    fn push<S: AsRef<str>>(&mut self, cells: &[S]) -> bool {
        if let Some(rows) = &mut self.rows {
            rows.push(cells);
            return true;
        }
        self.seen += 1;
        if self.seen <= 3 && layout::has_preamble(cells) {
            self.preamble = true;
        }
        if let Some(h) = layout::header(cells) {
            let expected = self.expected.saturating_sub(self.seen);
            self.rows = Some(Rows::new(h, self.xlsx, expected));
        }
        self.seen < HEADER_SEARCH_ROWS || self.rows.is_some()
    }

    fn finish(self) -> Result<Bill, BillError> {
        match self.rows {
            Some(rows) => rows.finish(),
            // A preamble and no header: the file stops before the table.
            None if self.preamble => Err(BillError::Truncated),
            None => Err(BillError::UnknownLayout),
        }
    }
}

/// `progress` is set, now and then, to the thousandths of the text read (a long read in the
/// interactive program shows it).
/// `lines`: about how many rows there are (room is made for them at once).
pub fn csv(text: &str, lines: usize, progress: &AtomicUsize) -> Result<Bill, BillError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut feed = Feed::new(false, lines);
    let mut record = csv::StringRecord::new();
    let total = text.len().max(1) as u64;
    for n in 0u64.. {
        if n % 4096 == 0 {
            let done = reader.position().byte() * 1000 / total;
            progress.store(done as usize, Ordering::Relaxed);
        }
        match reader.read_record(&mut record) {
            Ok(true) => {
                let cells: Vec<&str> = record.iter().collect();
                if !feed.push(&cells) {
                    break;
                }
            }
            Ok(false) => break,
            // The text is already valid UTF-8; anything else is the file's own fault.
            Err(_) => return Err(BillError::Truncated),
        }
    }
    feed.finish()
}

/// The bill in an xlsx: the first sheet with a bill header (a spreadsheet program may add
/// sheets before it, such as a query's raw import).
pub fn xlsx(bytes: &[u8]) -> Result<Bill, BillError> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| BillError::NotABill)?;
    let names = book.sheet_names();
    let mut first_error = None;
    for name in names {
        match sheet(&mut book, &name) {
            Err(BillError::UnknownLayout) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
            Ok(bill) => return Ok(bill),
        }
    }
    Err(first_error.unwrap_or(BillError::UnknownLayout))
}

fn sheet(book: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Bill, BillError> {
    let mut cells = book
        .worksheet_cells_reader(name)
        .map_err(|_| BillError::UnknownLayout)?;
    let mut feed = Feed::new(true, 0);
    let mut row: Vec<String> = vec![];
    let mut row_index = None;
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(_) => return Err(BillError::NotABill),
        };
        let (r, c) = cell.get_position();
        if c >= MAX_COLUMNS {
            continue;
        }
        if row_index != Some(r) {
            if row_index.is_some() && !feed.push(&std::mem::take(&mut row)) {
                return feed.finish();
            }
            row.clear();
            row_index = Some(r);
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = cell_text(cell.get_value());
    }
    if row_index.is_some() {
        feed.push(&row);
    }
    feed.finish()
}

fn cell_text(d: &DataRef) -> String {
    match d {
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => s.to_string(),
        // Amounts stored as numbers (with a `¥` number format): two decimals, as the app
        // shows them.
        DataRef::Float(f) => format!("{f:.2}"),
        DataRef::Int(i) => i.to_string(),
        DataRef::DateTime(dt) => excel_time(dt.as_f64()).unwrap_or_default(),
        DataRef::DateTimeIso(s) => s.replace('T', " "),
        _ => String::new(),
    }
}

/// An Excel serial date (days since 1899-12-30, the fraction is the time of day) as
/// `YYYY-MM-DD HH:MM:SS`, for a bill a spreadsheet program saved with real date cells.
fn excel_time(serial: f64) -> Option<String> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let dt = jiff::civil::date(1899, 12, 30)
        .at(0, 0, 0, 0)
        .checked_add(jiff::Span::new().days(days).seconds(secs))
        .ok()?;
    Some(dt.strftime("%Y-%m-%d %H:%M:%S").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_serials_become_times() {
        assert_eq!(
            excel_time(46346.53156).as_deref(),
            Some("2026-11-20 12:45:27")
        );
        assert_eq!(excel_time(f64::NAN), None);
        assert_eq!(excel_time(-3.0), None);
    }

    #[test]
    fn cells_lose_padding_tabs_and_slashes() {
        assert_eq!(
            clean("4200000069201710299246843141\t"),
            "4200000069201710299246843141"
        );
        assert_eq!(clean("交易成功    "), "交易成功");
        assert_eq!(clean("/"), "");
    }

    #[test]
    fn a_line_longer_than_any_bill_has_is_found() {
        assert_eq!(short_lines(b"a,b\r\nc,d\n"), Some(2));
        assert_eq!(short_lines(b"a,b\r\nc,d"), Some(1));
        let mut long = vec![b'x'; MAX_LINE + 1];
        assert_eq!(short_lines(&long), None);
        long[MAX_LINE / 2] = b'\r';
        assert_eq!(short_lines(&long), Some(0));
        long.extend([b'\n']);
        long.extend(vec![b'y'; MAX_LINE + 1]);
        assert_eq!(short_lines(&long), None);
    }
}
