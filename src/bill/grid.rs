//! Bytes → a grid of trimmed cells. Text is decoded (UTF-8 with or without BOM, else GBK via
//! GB18030) and split by the `csv` crate; an xlsx is read by `calamine` from memory.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use super::BillError;

/// Rows as the csv crate gives them: one allocation per row, cells cleaned on access.
pub type Grid = Vec<csv::StringRecord>;

/// UTF-8 (a BOM is dropped), else GB18030, which covers GBK. A multi-byte character cut at
/// the very end is a truncated file; bytes neither encoding can read are a wrong encoding.
pub fn decode(bytes: &[u8]) -> Result<String, BillError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 (what some spreadsheet programs save as "Unicode text") and binary files.
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") || bytes.contains(&0) {
        return Err(BillError::WrongEncoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => return Ok(s.to_string()),
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
            .map(|s| s.into_owned())
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

/// A cell as the bills mean it: padding and the tab after IDs removed, `/` for nothing.
pub fn clean(cell: &str) -> &str {
    let c = cell.trim();
    if c == "/" { "" } else { c }
}

pub fn csv(text: &str) -> Result<Grid, BillError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut out = vec![];
    for record in reader.records() {
        let record = record.map_err(|_| BillError::Truncated)?;
        out.push(record);
    }
    Ok(out)
}

/// The first sheet of an xlsx. A zip without its closing directory was cut short.
pub fn xlsx(bytes: &[u8]) -> Result<Grid, BillError> {
    let complete = bytes
        .windows(4)
        .rev()
        .take(70_000)
        .any(|w| w == b"PK\x05\x06");
    if !complete {
        return Err(BillError::Truncated);
    }
    // Every xlsx names this part; the zip the apps e-mail (a csv or xlsx inside, locked
    // with a password) does not.
    if !bytes.windows(19).any(|w| w == b"[Content_Types].xml") {
        return Err(BillError::Archive);
    }
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|_| BillError::UnknownLayout)?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        Some(Err(_)) => return Err(BillError::Truncated),
        None => return Err(BillError::UnknownLayout),
    };
    Ok(range
        .rows()
        .map(|row| row.iter().map(cell_text).collect::<Vec<_>>().into())
        .collect())
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::String(s) => clean(s).to_string(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::DateTime(dt) => excel_time(dt.as_f64()).unwrap_or_default(),
        Data::DateTimeIso(s) => s.replace('T', " "),
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
}
