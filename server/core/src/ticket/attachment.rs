//! Attachment uploads: accepted by what the bytes are, never by the file's name. A file must be
//! a PNG, JPEG or WebP image that decodes, ends where the format says it ends, and carries no
//! second format hidden inside (a polyglot that a browser or a shell could also run).

use image::{ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// Largest accepted screenshot.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Most screenshots on one ticket form or comment.
pub const MAX_FILES: usize = 5;
/// Largest accepted image in pixels (a 5K screen has 14.7 million): checked from the header
/// before anything is decoded, since a small file can decode to hundreds of megabytes.
pub const MAX_PIXELS: u64 = 25_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error("not a PNG, JPEG or WebP image")]
    NotAnImage,
    #[error("larger than the size limit")]
    TooLarge,
    #[error("too many files")]
    TooMany,
    #[error("the image hides another kind of file")]
    Polyglot,
    #[error("the image has more pixels than the limit")]
    TooManyPixels,
    #[error("the file name has control characters")]
    BadName,
    #[error("this kind of file is not accepted")]
    NotAccepted,
    #[error("the content is not what the file's name says")]
    Mismatch,
    #[error("the archive would unpack to far more than it weighs")]
    Archive,
}

impl UploadError {
    /// The key the pages turn into a message in the reader's language.
    pub fn key(self) -> &'static str {
        match self {
            UploadError::NotAnImage => "not-an-image",
            UploadError::TooLarge => "too-large",
            UploadError::TooMany => "too-many",
            UploadError::Polyglot => "polyglot",
            UploadError::TooManyPixels => "too-many-pixels",
            UploadError::BadName => "bad-filename",
            UploadError::NotAccepted => "not-accepted",
            UploadError::Mismatch => "mismatch",
            UploadError::Archive => "archive",
        }
    }
}

/// A checked upload, ready to store.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Checks one uploaded image of at most [`MAX_BYTES`] and returns it with the media type its
/// content proves.
pub fn check_screenshot(filename: &str, bytes: Vec<u8>) -> Result<Attachment, UploadError> {
    check_image(filename, bytes, MAX_BYTES)
}

/// [`check_screenshot`] with another size limit (a ticket's attachments have their own).
pub fn check_image(filename: &str, bytes: Vec<u8>, max_bytes: usize) -> Result<Attachment, UploadError> {
    if filename.chars().any(char::is_control) {
        return Err(UploadError::BadName);
    }
    if bytes.len() > max_bytes {
        return Err(UploadError::TooLarge);
    }
    let format = sniff(&bytes).ok_or(UploadError::NotAnImage)?;
    if hides_another_format(&bytes) || !ends_where_it_should(format, &bytes) {
        return Err(UploadError::Polyglot);
    }
    within_pixel_budget(format, &bytes)?;
    decodes(format, &bytes)?;
    let content_type = match format {
        ImageFormat::Png => "image/png",
        ImageFormat::Jpeg => "image/jpeg",
        _ => "image/webp",
    };
    Ok(Attachment { filename: clean_filename(filename, format), content_type, bytes })
}

fn sniff(b: &[u8]) -> Option<ImageFormat> {
    if b.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else if b.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if b.len() >= 12 && &b[0..4] == b"RIFF" && &b[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// Signatures of things that must never ride inside a screenshot (in a PNG text chunk, a WebP
/// chunk, anywhere): executables, archives, scripts and markup a browser would run, matched in
/// any letter case. Long enough not to occur by chance in image data.
const FOREIGN: &[&[u8]] = &[
    b"<script",
    b"<?php",
    b"<html",
    b"<svg",
    b"<!doctype",
    b"<iframe",
    b"<body",
    b"<object",
    b"<embed",
    b"javascript:",
    b"pk\x03\x04",
    b"\x7felf",
    b"mz\x90\x00",
    b"this program cannot be run",
    b"#!/bin/",
    b"%pdf-",
    b"rar!\x1a\x07",
    b"7z\xbc\xaf\x27\x1c",
];

fn hides_another_format(b: &[u8]) -> bool {
    FOREIGN.iter().any(|sig| b.windows(sig.len()).any(|w| w.eq_ignore_ascii_case(sig)))
}

/// Refuses an image whose header claims more pixels than [`MAX_PIXELS`], before decoding it.
fn within_pixel_budget(format: ImageFormat, b: &[u8]) -> Result<(), UploadError> {
    let (w, h) = ImageReader::with_format(Cursor::new(b), format).into_dimensions().map_err(|_| UploadError::NotAnImage)?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(UploadError::TooManyPixels);
    }
    Ok(())
}

/// Data after the format's own end marker is where polyglots keep their second file.
fn ends_where_it_should(format: ImageFormat, b: &[u8]) -> bool {
    match format {
        ImageFormat::Png => png_end(b) == Some(b.len()),
        ImageFormat::Jpeg => jpeg_end(b) == Some(b.len()),
        _ => {
            let declared = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
            declared + 8 + (declared % 2) == b.len() || declared + 8 == b.len()
        }
    }
}

/// Walks the PNG chunks up to IEND and returns where the file should end.
fn png_end(b: &[u8]) -> Option<usize> {
    let mut at = 8usize;
    loop {
        let len = u32::from_be_bytes(b.get(at..at + 4)?.try_into().ok()?) as usize;
        let kind = b.get(at + 4..at + 8)?;
        let next = at.checked_add(12)?.checked_add(len)?;
        if kind == b"IEND" {
            return Some(next);
        }
        if next > b.len() {
            return None;
        }
        at = next;
    }
}

/// Walks a JPEG's segments and entropy-coded data to its real end-of-image marker and returns
/// where the file should end: an archive appended after it (RAR, 7z, gzip…) makes the file longer.
fn jpeg_end(b: &[u8]) -> Option<usize> {
    let mut at = 2usize; // after SOI
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while b.get(at)? == &0xFF && b.get(at + 1)? == &0xFF {
            at += 1;
        }
        if b.get(at)? != &0xFF {
            return None;
        }
        let marker = *b.get(at + 1)?;
        match marker {
            0xD9 => return Some(at + 2),
            0xD0..=0xD7 | 0x01 => at += 2,
            _ => {
                let len = u16::from_be_bytes([*b.get(at + 2)?, *b.get(at + 3)?]) as usize;
                at = at.checked_add(2 + len)?;
                if marker == 0xDA {
                    // Entropy-coded data: a 0xFF is data when followed by 0x00 or a restart marker.
                    loop {
                        if b.get(at)? == &0xFF {
                            let next = *b.get(at + 1)?;
                            if next != 0x00 && !(0xD0..=0xD7).contains(&next) {
                                break;
                            }
                            at += 2;
                        } else {
                            at += 1;
                        }
                    }
                }
            }
        }
    }
}

fn decodes(format: ImageFormat, b: &[u8]) -> Result<(), UploadError> {
    let mut reader = ImageReader::with_format(Cursor::new(b), format);
    // A small file can claim huge dimensions; refuse before allocating for them.
    let mut limits = Limits::default();
    limits.max_image_width = Some(16_384);
    limits.max_image_height = Some(16_384);
    limits.max_alloc = Some(MAX_PIXELS * 4 + 16 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map(|_| ()).map_err(|_| UploadError::NotAnImage)
}

/// Keeps a readable name without paths or odd characters, with the extension the content proves.
fn clean_filename(name: &str, format: ImageFormat) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let stem: String = stem.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' ')).take(80).collect();
    let stem = if stem.trim().is_empty() { "screenshot".to_string() } else { stem.trim().to_string() };
    let ext = match format {
        ImageFormat::Png => "png",
        ImageFormat::Jpeg => "jpg",
        _ => "webp",
    };
    format!("{stem}.{ext}")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A real PNG made by the encoder, so the check is tested against what browsers upload.
    pub fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 90]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn jpeg() -> Vec<u8> {
        let img = image::RgbImage::from_fn(32, 24, |x, _| image::Rgb([x as u8 * 8, 30, 200]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn real_screenshots_pass_and_get_the_type_their_content_proves() {
        let s = check_screenshot("C:\\Users\\ada\\Error.PNG.exe", png(40, 30)).unwrap();
        assert_eq!((s.content_type, s.filename.as_str()), ("image/png", "ErrorPNG.png"));
        let s = check_screenshot("photo.png", jpeg()).unwrap();
        assert_eq!((s.content_type, s.filename.as_str()), ("image/jpeg", "photo.jpg"));
    }

    #[test]
    fn a_renamed_executable_is_not_an_image() {
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
        exe.extend_from_slice(&[0u8; 200]);
        assert_eq!(check_screenshot("screenshot.png", exe).unwrap_err(), UploadError::NotAnImage);
        assert_eq!(check_screenshot("x.jpg", b"#!/bin/sh\nrm -rf /\n".to_vec()).unwrap_err(), UploadError::NotAnImage);
    }

    #[test]
    fn an_image_with_a_second_file_inside_is_a_polyglot() {
        let mut appended = png(20, 20);
        appended.extend_from_slice(b"PK\x03\x04 a zip archive follows");
        assert_eq!(check_screenshot("a.png", appended).unwrap_err(), UploadError::Polyglot);
        let mut trailing = jpeg();
        trailing.extend_from_slice(b"alert(1)");
        assert_eq!(check_screenshot("a.jpg", trailing).unwrap_err(), UploadError::Polyglot);
        // A script kept in a valid-looking chunk before IEND.
        let mut inside = png(20, 20);
        let iend = inside.len() - 12;
        let mut chunk = (8u32).to_be_bytes().to_vec();
        chunk.extend_from_slice(b"tEXt<script>");
        chunk.extend_from_slice(&[0, 0, 0, 0]);
        inside.splice(iend..iend, chunk);
        assert_eq!(check_screenshot("a.png", inside).unwrap_err(), UploadError::Polyglot);
    }

    #[test]
    fn signatures_are_found_in_any_case_in_any_chunk_and_after_the_real_end() {
        // A PNG text chunk with upper- and mixed-case markup.
        for text in [&b"tEXtComment\0<ScRiPt>alert(1)</script>"[..], b"iTXtX\0\0\0\0\0<HTML><BODY>", b"zTXt<!DOCTYPE html>"] {
            let mut p = png(20, 20);
            let iend = p.len() - 12;
            let mut chunk = (text.len() as u32 - 4).to_be_bytes().to_vec();
            chunk.extend_from_slice(text);
            chunk.extend_from_slice(&[0, 0, 0, 0]);
            p.splice(iend..iend, chunk);
            assert_eq!(check_screenshot("a.png", p).unwrap_err(), UploadError::Polyglot, "{}", String::from_utf8_lossy(text));
        }
        // Archives appended after a JPEG's end-of-image marker, which end with FF D9 again.
        for archive in [&b"Rar!\x1a\x07\x00"[..], b"7z\xbc\xaf\x27\x1c\x00\x04", b"\x1f\x8b\x08\x00\x00\x00\x00\x00"] {
            let mut j = jpeg();
            j.extend_from_slice(archive);
            j.extend_from_slice(&[0xFF, 0xD9]);
            assert_eq!(check_screenshot("a.jpg", j).unwrap_err(), UploadError::Polyglot);
        }
        // A WebP with a chunk of markup, its RIFF size adjusted so the length check passes.
        let mut w = Vec::new();
        image::RgbImage::from_fn(16, 16, |x, _| image::Rgb([x as u8 * 9, 1, 2])).write_to(&mut Cursor::new(&mut w), ImageFormat::WebP).unwrap();
        assert!(check_screenshot("ok.webp", w.clone()).is_ok());
        w.extend_from_slice(b"XMP \x10\x00\x00\x00<svg onload=x()>");
        let size = (w.len() - 8) as u32;
        w[4..8].copy_from_slice(&size.to_le_bytes());
        assert_eq!(check_screenshot("a.webp", w).unwrap_err(), UploadError::Polyglot);
    }

    #[test]
    fn an_image_claiming_too_many_pixels_is_refused_before_it_is_decoded() {
        // 8,000 × 8,000 of one colour: a small file that would decode to 192 MB.
        let img = image::GrayImage::new(8_000, 8_000);
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        let small = out.into_inner();
        assert!(small.len() < MAX_BYTES, "{} bytes", small.len());
        assert_eq!(check_screenshot("bomb.png", small).unwrap_err(), UploadError::TooManyPixels);
    }

    #[test]
    fn a_file_name_with_control_characters_is_named_as_such() {
        assert_eq!(check_screenshot("shot\u{7}.png", png(8, 8)).unwrap_err(), UploadError::BadName);
        assert_eq!(check_screenshot("a\r\nContent-Type: text/html.png", png(8, 8)).unwrap_err(), UploadError::BadName);
    }

    #[test]
    fn oversize_and_damaged_files_are_refused() {
        let mut big = png(10, 10);
        big.resize(MAX_BYTES + 1, 0);
        assert_eq!(check_screenshot("big.png", big).unwrap_err(), UploadError::TooLarge);
        let mut cut = png(64, 64);
        cut.truncate(cut.len() / 2);
        assert!(check_screenshot("cut.png", cut).is_err());
    }
}
