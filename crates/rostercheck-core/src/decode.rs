//! What the bytes are: not CSV at all, which encoding, which delimiter.

use std::borrow::Cow;

/// How many leading bytes [`sniff`] needs to decide (fewer when the file is shorter).
pub const SNIFF_LEN: usize = 8192;

/// The text encoding the file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 (the only one OneRoster allows).
    Utf8,
    /// UTF-16 little-endian (Excel "Unicode Text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
}

impl TextEncoding {
    /// The encoding's name for messages.
    pub fn name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
        }
    }

    fn encoding_rs(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
        }
    }
}

/// What the first bytes say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sniffed {
    /// Not delimited text; the words say what it looks like and what to do.
    NotCsv(&'static str),
    /// Text in this encoding; `bom_len` bytes of byte-order mark come first.
    Text {
        /// The encoding.
        encoding: TextEncoding,
        /// Length of the byte-order mark (0 when there is none).
        bom_len: usize,
    },
}

/// Decides from the first bytes (up to [`SNIFF_LEN`]) what kind of file this is.
pub fn sniff(head: &[u8]) -> Sniffed {
    if let Some(kind) = binary_kind(head) {
        return Sniffed::NotCsv(kind);
    }
    let (encoding, bom_len) = match head {
        [0xEF, 0xBB, 0xBF, ..] => (TextEncoding::Utf8, 3),
        [0xFF, 0xFE, ..] => (TextEncoding::Utf16Le, 2),
        [0xFE, 0xFF, ..] => (TextEncoding::Utf16Be, 2),
        _ => match utf16_without_bom(head) {
            Some(encoding) => (encoding, 0),
            None => (TextEncoding::Utf8, 0),
        },
    };
    if encoding == TextEncoding::Utf8 && is_binary(&head[bom_len..]) {
        return Sniffed::NotCsv(
            "a binary file, not text. Save or export it as CSV (UTF-8) and try again",
        );
    }
    Sniffed::Text { encoding, bom_len }
}

fn binary_kind(head: &[u8]) -> Option<&'static str> {
    const XLSX: &str = "an Excel workbook (.xlsx). In Excel use File › Save As › CSV UTF-8 (Comma delimited), then check that file";
    const XLS: &str = "an old Excel workbook (.xls). In Excel use File › Save As › CSV UTF-8 (Comma delimited), then check that file";
    const ZIP: &str = "a zip archive, probably a whole OneRoster bundle. Unzip it and check demographics.csv (bundles are not supported yet)";
    const ODS: &str = "an OpenDocument spreadsheet (.ods). Use File › Save As › Text CSV (UTF-8), then check that file";
    let contains = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    Some(match head {
        [b'P', b'K', 3, 4, ..] if contains(b"xl/") || contains(b"[Content_Types].xml") => XLSX,
        [b'P', b'K', 3, 4, ..] if contains(b"opendocument.spreadsheet") => ODS,
        [b'P', b'K', 3 | 5 | 7, 4 | 6 | 8, ..] => ZIP,
        [0xD0, 0xCF, 0x11, 0xE0, ..] => XLS,
        [b'%', b'P', b'D', b'F', ..] => {
            "a PDF document. Export the data from your SIS as CSV instead"
        }
        [0x89, b'P', b'N', b'G', ..] | [0xFF, 0xD8, 0xFF, ..] | [b'G', b'I', b'F', b'8', ..] => {
            "an image. Export the data from your SIS as CSV instead"
        }
        [0x1F, 0x8B, ..] => "a gzip archive. Decompress it and check the CSV inside",
        [b'{', b'\\', b'r', b't', b'f', ..] => {
            "a Word/RTF document. Export the data from your SIS as CSV instead"
        }
        _ => {
            let start = String::from_utf8_lossy(&head[..head.len().min(512)])
                .trim_start_matches('\u{FEFF}')
                .trim_start()
                .to_ascii_lowercase();
            if start.starts_with("<?xml") && start.contains("spreadsheet")
                || start.contains("urn:schemas-microsoft-com:office:spreadsheet")
            {
                "an Excel XML spreadsheet. In Excel use File › Save As › CSV UTF-8 (Comma delimited), then check that file"
            } else if start.starts_with("<!doctype html") || start.starts_with("<html") {
                "a web page (HTML), not a CSV export. Download the file again as CSV"
            } else {
                return None;
            }
        }
    })
}

/// NUL bytes or many control characters: not text.
fn is_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    control * 20 > head.len().max(1)
}

/// UTF-16 without a BOM shows as every other byte NUL in ASCII text.
fn utf16_without_bom(head: &[u8]) -> Option<TextEncoding> {
    let pairs = head.len() / 2;
    if pairs < 4 {
        return None;
    }
    let zeros_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .take(pairs)
            .filter(|&&b| b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if odd * 10 >= pairs * 9 && even == 0 {
        Some(TextEncoding::Utf16Le)
    } else if even * 10 >= pairs * 9 && odd == 0 {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Lines that end in CR alone (classic Mac): a CR and no LF in the first bytes.
pub fn is_cr_only(head: &[u8]) -> bool {
    memchr::memchr(b'\r', head).is_some() && memchr::memchr(b'\n', head).is_none()
}

/// Turns UTF-16 into UTF-8, piece by piece (a code unit may be split between pieces).
#[derive(Debug)]
pub struct Transcoder {
    decoder: encoding_rs::Decoder,
}

impl Transcoder {
    /// A transcoder for `encoding` (which must not be UTF-8).
    pub fn new(encoding: TextEncoding) -> Transcoder {
        Transcoder {
            decoder: encoding.encoding_rs().new_decoder_without_bom_handling(),
        }
    }

    /// Appends the UTF-8 form of `bytes` to `out`.
    pub fn feed(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        let mut text = String::with_capacity(
            self.decoder
                .max_utf8_buffer_length(bytes.len())
                .unwrap_or(bytes.len() * 3),
        );
        let _ = self.decoder.decode_to_string(bytes, &mut text, last);
        out.extend_from_slice(text.as_bytes());
    }
}

/// A field's text: as is when it is UTF-8, otherwise read as Windows-1252 (Excel's "CSV" on
/// Windows). The flag says whether Windows-1252 was assumed.
pub fn field_text(bytes: &[u8]) -> (Cow<'_, str>, bool) {
    match std::str::from_utf8(bytes) {
        Ok(text) => (Cow::Borrowed(text), false),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (text, true)
        }
    }
}

/// The delimiter of the header line: the most frequent of `,` `;` TAB outside quotes (`,` on a tie).
pub fn sniff_delimiter(header_line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header_line {
        match b {
            b'"' => quoted = !quoted,
            b'\n' => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        [b',', b';', b'\t'][best]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_binaries() {
        let cases: &[(&[u8], &str)] = &[
            (
                b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
                "Excel workbook (.xlsx)",
            ),
            (b"PK\x03\x04\x14\x00users.csv", "zip archive"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "old Excel"),
            (b"%PDF-1.7\n", "PDF"),
            (b"\x89PNG\r\n\x1a\n", "image"),
            (b"<!DOCTYPE html><html>", "web page"),
            (b"abc\x00\x00\x00\x01\x02def", "binary"),
        ];
        for (bytes, words) in cases {
            match sniff(bytes) {
                Sniffed::NotCsv(text) => assert!(text.contains(words), "{text}"),
                other => panic!("{bytes:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn sniffs_encodings() {
        let text = |b: &[u8]| match sniff(b) {
            Sniffed::Text { encoding, bom_len } => (encoding, bom_len),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(b"sourcedId,sex\n"), (TextEncoding::Utf8, 0));
        assert_eq!(
            text(b"\xEF\xBB\xBFsourcedId,sex\n"),
            (TextEncoding::Utf8, 3)
        );
        assert_eq!(text(b"\xFF\xFEs\0o\0u\0r\0"), (TextEncoding::Utf16Le, 2));
        assert_eq!(text(b"\xFE\xFF\0s\0o\0u\0r"), (TextEncoding::Utf16Be, 2));
        assert_eq!(text(b"s\0o\0u\0r\0c\0e\0"), (TextEncoding::Utf16Le, 0));
        assert_eq!(text(b"Jos\xE9,male\n"), (TextEncoding::Utf8, 0));
    }

    #[test]
    fn windows_1252_fields() {
        assert_eq!(field_text(b"Jos\xE9"), (Cow::Borrowed("José"), true));
        assert_eq!(
            field_text("José".as_bytes()),
            (Cow::Borrowed("José"), false)
        );
        assert_eq!(field_text(b"\x93quoted\x94").0, "“quoted”");
    }

    #[test]
    fn cr_only_line_endings() {
        assert!(is_cr_only(b"a,b\r1,2\r"));
        assert!(!is_cr_only(b"a,b\r\n1,2\r\n"));
        assert!(!is_cr_only(b"a,b\n"));
        assert!(!is_cr_only(b"a,b"));
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniff_delimiter(b"a,b,c\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n"), b';');
        assert_eq!(sniff_delimiter(b"a\tb\tc\n"), b'\t');
        assert_eq!(sniff_delimiter(b"\"a;b\",c\n"), b',');
        assert_eq!(sniff_delimiter(b"sourcedId\n"), b',');
        assert_eq!(sniff_delimiter(b"a;b,c\n"), b',');
    }
}
