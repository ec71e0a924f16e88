//! Zip files: an xlsx is one, and so is the password-locked zip both apps send the bill in.
//! Nothing is trusted from the archive's own directory: every part that will be read is
//! first unpacked into nothing, counting, and a part or a whole that unpacks larger than a
//! bill can be is refused (a zip bomb of one megabyte would otherwise take gigabytes).

use std::io::{Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::BillError;

/// The most any one part of an xlsx, or the bill inside a zip, may unpack to. A WeChat Pay
/// xlsx of a year is a few megabytes; a csv of a million rows is about 200 MB.
pub const MAX_PART: u64 = 64 << 20;
/// The most a bill packed in a zip may unpack to (a csv read as text is held whole; a
/// million rows are about 150 MB).
pub const MAX_INNER: u64 = 192 << 20;
/// The most all parts of an xlsx together may unpack to.
const MAX_TOTAL: u64 = 160 << 20;
/// Parts a bill's archive may hold; an xlsx has about twenty.
const MAX_ENTRIES: usize = 1000;

/// What a zip holds.
pub enum Zip {
    /// A workbook, every part of it within bounds.
    Xlsx,
    /// A bill packed in a zip (as the apps send it): the index of the packed file, and
    /// whether it is locked with a password.
    Packed { index: usize, locked: bool },
}

/// A zip that ends without its closing directory was cut short.
pub fn complete(bytes: &[u8]) -> bool {
    bytes
        .windows(4)
        .rev()
        .take(70_000)
        .any(|w| w == b"PK\x05\x06")
}

fn open(bytes: &[u8]) -> Result<ZipArchive<Cursor<&[u8]>>, BillError> {
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| BillError::NotABill)?;
    if zip.len() > MAX_ENTRIES {
        return Err(BillError::NotABill);
    }
    Ok(zip)
}

/// Looks into a zip: an xlsx (checked part by part), or the bill file packed in it.
pub fn inspect(bytes: &[u8]) -> Result<Zip, BillError> {
    let mut zip = open(bytes)?;
    if zip.index_for_name("[Content_Types].xml").is_some() {
        let mut total = 0u64;
        for i in 0..zip.len() {
            let mut part = zip.by_index(i).map_err(|_| BillError::NotABill)?;
            if part.is_dir() {
                continue;
            }
            let n = unpacked_size(&mut part, MAX_PART)?;
            total += n;
            if total > MAX_TOTAL {
                return Err(BillError::NotABill);
            }
        }
        return Ok(Zip::Xlsx);
    }
    let mut found = None;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|_| BillError::NotABill)?;
        // The raw bytes: only the ASCII ending and folder are looked at, so a name in another
        // encoding than the zip says (GBK, say) never stops the search.
        let name = String::from_utf8_lossy(f.name_raw()).to_lowercase();
        let bill = name.ends_with(".csv") || name.ends_with(".xlsx");
        if !f.is_dir() && bill && !name.starts_with("__macosx/") {
            found = Some(Zip::Packed {
                index: i,
                locked: f.encrypted(),
            });
            break;
        }
    }
    found.ok_or(BillError::UnknownLayout)
}

/// Reads to the end, keeping nothing: the real unpacked size, or `NotABill` past `max`.
fn unpacked_size(r: &mut impl Read, max: u64) -> Result<u64, BillError> {
    let n = std::io::copy(&mut r.take(max + 1), &mut std::io::sink())
        .map_err(|_| BillError::NotABill)?;
    if n > max {
        return Err(BillError::NotABill);
    }
    Ok(n)
}

/// The packed bill's bytes, unpacked in memory (nothing is written to disk). A locked one
/// needs its password; a wrong one is `WrongPassword` (ZipCrypto's one-byte check passes a
/// wrong password once in 256 tries, and then the checksum at the end fails).
pub fn unpack(bytes: &[u8], index: usize, password: Option<&str>) -> Result<Vec<u8>, BillError> {
    let mut zip = open(bytes)?;
    let locked = zip
        .by_index_raw(index)
        .map_err(|_| BillError::NotABill)?
        .encrypted();
    let entry = match (locked, password) {
        (true, None) => return Err(BillError::Locked),
        (true, Some(p)) => zip.by_index_decrypt(index, p.as_bytes()),
        (false, _) => zip.by_index(index),
    };
    let mut entry = match entry {
        Ok(e) => e,
        Err(ZipError::InvalidPassword) => return Err(BillError::WrongPassword),
        Err(ZipError::UnsupportedArchive(m)) if m == ZipError::PASSWORD_REQUIRED => {
            return Err(BillError::Locked);
        }
        Err(_) => return Err(BillError::NotABill),
    };
    // Room for what the archive says, within bounds; a smaller claim than the truth grows.
    let mut out = Vec::with_capacity(entry.size().min(MAX_INNER + 1) as usize);
    match entry.by_ref().take(MAX_INNER + 1).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > MAX_INNER => Err(BillError::NotABill),
        Ok(_) => Ok(out),
        Err(_) if locked => Err(BillError::WrongPassword),
        Err(_) => Err(BillError::Truncated),
    }
}
