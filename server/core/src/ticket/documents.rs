//! Attachments beyond screenshots: PDF, CSV, plain text and logs, Office documents and ZIP. A file
//! is accepted when its name says one of these kinds and its content is that kind; it is served
//! back only as a download. Archives are never unpacked: their directory is read to refuse one
//! that would unpack to far more than it weighs (a ZIP bomb).

use super::attachment::{check_image, Attachment, UploadError};
use std::io::Cursor;

/// Default largest attachment, configurable (`ATRIUM_ATTACHMENT_MAX_MB`).
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// An archive may unpack to at most this many times its size, and at most this much in all.
const MAX_ARCHIVE_RATIO: u64 = 100;
const MAX_ARCHIVE_UNPACKED: u64 = 1 << 30;
const MAX_ARCHIVE_ENTRIES: usize = 10_000;

/// What a name's extension says, and the media type it is served with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Image,
    Pdf,
    Text(&'static str),
    /// Word, Excel and PowerPoint since 2007: ZIP packages with `[Content_Types].xml`.
    OfficeOpenXml(&'static str),
    /// LibreOffice's: ZIP packages with `mimetype` first.
    OpenDocument(&'static str),
    /// Word, Excel and PowerPoint before 2007, and Outlook messages: compound files.
    Compound(&'static str),
    Zip,
}

fn kind_of(filename: &str) -> Option<Kind> {
    let ext = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" | "jpg" | "jpeg" | "webp" => Kind::Image,
        "pdf" => Kind::Pdf,
        "csv" => Kind::Text("text/csv"),
        "tsv" => Kind::Text("text/tab-separated-values"),
        "txt" | "log" => Kind::Text("text/plain"),
        "docx" => Kind::OfficeOpenXml("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "xlsx" => Kind::OfficeOpenXml("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        "pptx" => Kind::OfficeOpenXml("application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        "odt" => Kind::OpenDocument("application/vnd.oasis.opendocument.text"),
        "ods" => Kind::OpenDocument("application/vnd.oasis.opendocument.spreadsheet"),
        "doc" => Kind::Compound("application/msword"),
        "xls" => Kind::Compound("application/vnd.ms-excel"),
        "ppt" => Kind::Compound("application/vnd.ms-powerpoint"),
        "msg" => Kind::Compound("application/vnd.ms-outlook"),
        "zip" => Kind::Zip,
        _ => return None,
    })
}

/// Checks one attached file of any accepted kind, up to `max_bytes`.
pub fn check_attachment(filename: &str, bytes: Vec<u8>, max_bytes: usize) -> Result<Attachment, UploadError> {
    if filename.chars().any(char::is_control) {
        return Err(UploadError::BadName);
    }
    if bytes.len() > max_bytes {
        return Err(UploadError::TooLarge);
    }
    let Some(kind) = kind_of(filename) else {
        // A screenshot pasted without a name is still one.
        return match check_image(filename, bytes, max_bytes) {
            Ok(image) => Ok(image),
            Err(_) => Err(UploadError::NotAccepted),
        };
    };
    let content_type = match kind {
        Kind::Image => return check_image(filename, bytes, max_bytes),
        Kind::Pdf if bytes.starts_with(b"%PDF-") => "application/pdf",
        Kind::Text(media) if is_text(&bytes) => media,
        Kind::OfficeOpenXml(media) if archive_holds(&bytes, "[Content_Types].xml")? => media,
        Kind::OpenDocument(media) if archive_holds(&bytes, "mimetype")? => media,
        Kind::Compound(media) if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) => media,
        Kind::Zip if archive_holds(&bytes, "")? => "application/zip",
        _ => return Err(UploadError::Mismatch),
    };
    Ok(Attachment { filename: clean_name(filename), content_type, bytes })
}

/// Text as logs and exports are written: no NUL and no control characters but tab, line and
/// page breaks and the escape of coloured logs, in UTF-8 or a single-byte encoding.
fn is_text(b: &[u8]) -> bool {
    !b.iter().any(|&c| c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r' | 0x0C | 0x1B))
}

/// Whether `b` is a ZIP archive holding an entry named `name` (any entry for `""`), read from
/// its directory alone; an archive that would unpack to too much is refused.
fn archive_holds(b: &[u8], name: &str) -> Result<bool, UploadError> {
    if !b.starts_with(b"PK\x03\x04") && !b.starts_with(b"PK\x05\x06") {
        return Ok(false);
    }
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(b)) else { return Ok(false) };
    if archive.len() > MAX_ARCHIVE_ENTRIES {
        return Err(UploadError::Archive);
    }
    let mut unpacked: u64 = 0;
    for i in 0..archive.len() {
        // The sizes the directory declares; nothing is decompressed.
        let Ok(entry) = archive.by_index_raw(i) else { return Ok(false) };
        unpacked = unpacked.saturating_add(entry.size());
    }
    if unpacked > MAX_ARCHIVE_UNPACKED || unpacked > (b.len() as u64).saturating_mul(MAX_ARCHIVE_RATIO) {
        return Err(UploadError::Archive);
    }
    Ok(name.is_empty() || archive.index_for_name(name).is_some())
}

/// The name without any path or character that could trouble a file system or a header.
fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.' | '(' | ')')).take(120).collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    if clean.is_empty() {
        "attachment".into()
    } else {
        clean
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    const MAX: usize = DEFAULT_MAX_BYTES;

    fn zip_of(entries: &[(&str, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default().compression_method(method)).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn the_files_customers_send_are_accepted_with_the_type_their_content_proves() {
        let pdf = check_attachment("Payslip export.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".to_vec(), MAX).unwrap();
        assert_eq!((pdf.filename.as_str(), pdf.content_type), ("Payslip export.pdf", "application/pdf"));
        let csv = check_attachment("import.csv", "name;amount\nAda;1\u{e9}\n".as_bytes().to_vec(), MAX).unwrap();
        assert_eq!(csv.content_type, "text/csv");
        let latin1 = check_attachment("server.log", b"2026-12-07 \x1b[31mERROR\x1b[0m caf\xe9\r\n".to_vec(), MAX).unwrap();
        assert_eq!(latin1.content_type, "text/plain");
        let xlsx = zip_of(&[("[Content_Types].xml", b"<Types/>".to_vec()), ("xl/workbook.xml", b"<workbook/>".to_vec())], zip::CompressionMethod::Stored);
        assert!(check_attachment("pay.xlsx", xlsx.clone(), MAX).unwrap().content_type.contains("spreadsheetml"));
        let ods = zip_of(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".to_vec())], zip::CompressionMethod::Stored);
        assert_eq!(check_attachment("pay.ods", ods, MAX).unwrap().content_type, "application/vnd.oasis.opendocument.spreadsheet");
        assert_eq!(check_attachment("logs.zip", xlsx, MAX).unwrap().content_type, "application/zip");
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.resize(512, 0);
        assert_eq!(check_attachment("old.xls", ole, MAX).unwrap().content_type, "application/vnd.ms-excel");
        assert_eq!(check_attachment("../../etc/x.txt", b"ok".to_vec(), MAX).unwrap().filename, "x.txt");
    }

    #[test]
    fn a_file_whose_content_is_not_what_its_name_says_is_refused() {
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        exe.resize(4096, 0);
        assert_eq!(check_attachment("invoice.pdf", exe.clone(), MAX).unwrap_err(), UploadError::Mismatch);
        assert_eq!(check_attachment("notes.txt", exe.clone(), MAX).unwrap_err(), UploadError::Mismatch, "NULs are not text");
        assert_eq!(check_attachment("sheet.xlsx", b"%PDF-1.4".to_vec(), MAX).unwrap_err(), UploadError::Mismatch);
        let plain_zip = zip_of(&[("a.txt", b"a".to_vec())], zip::CompressionMethod::Stored);
        assert_eq!(check_attachment("report.docx", plain_zip, MAX).unwrap_err(), UploadError::Mismatch, "a ZIP is not a Word document");
        for refused in ["setup.exe", "page.html", "drawing.svg", "run.sh", "no-extension"] {
            assert_eq!(check_attachment(refused, exe.clone(), MAX).unwrap_err(), UploadError::NotAccepted, "{refused}");
        }
        assert_eq!(check_attachment("big.pdf", vec![b'%'; MAX + 1], MAX).unwrap_err(), UploadError::TooLarge);
    }

    #[test]
    fn a_zip_bomb_is_refused_from_its_directory_without_being_unpacked() {
        // 20 MB of zeros deflates to about 20 kB: a thousand times its size.
        let bomb = zip_of(&[("zeros.bin", vec![0u8; 20 << 20])], zip::CompressionMethod::Deflated);
        assert!(bomb.len() < 100_000, "{}", bomb.len());
        assert_eq!(check_attachment("logs.zip", bomb.clone(), MAX).unwrap_err(), UploadError::Archive);
        assert_eq!(check_attachment("book.xlsx", bomb, MAX).unwrap_err(), UploadError::Archive);
    }
}
