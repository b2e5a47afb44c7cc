//! The corrected file: UTF-8 without BOM, commas, one line ending, minimal RFC 4180 quoting.

use crate::report::LineEnding;

/// True when a field must be quoted: it holds a comma, a quote or a line break.
pub fn needs_quotes(field: &str) -> bool {
    field
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r'))
}

/// Appends one field, quoted only when needed.
pub fn push_field(out: &mut Vec<u8>, field: &str) {
    if !needs_quotes(field) {
        out.extend_from_slice(field.as_bytes());
        return;
    }
    out.push(b'"');
    for (i, part) in field.split('"').enumerate() {
        if i > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(part.as_bytes());
    }
    out.push(b'"');
}

/// Appends fields separated by commas (no line ending).
pub fn push_record<'a>(out: &mut Vec<u8>, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        push_field(out, field);
    }
}

/// Appends a line ending.
pub fn push_line_end(out: &mut Vec<u8>, ending: LineEnding) {
    out.extend_from_slice(ending.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_quoting() {
        let mut out = Vec::new();
        push_record(&mut out, ["a", "b,c", "say \"hi\"", "", "x\ny"]);
        assert_eq!(out, b"a,\"b,c\",\"say \"\"hi\"\"\",,\"x\ny\"");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn csv_crate_reads_it_back() {
        let fields = ["plain", "com,ma", "\"q\"", "", " sp ", "é"];
        let mut out = Vec::new();
        push_record(&mut out, fields);
        push_line_end(&mut out, LineEnding::CrLf);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice());
        let record = reader
            .records()
            .next()
            .and_then(Result::ok)
            .map(|r| r.iter().map(String::from).collect::<Vec<_>>());
        assert_eq!(record, Some(fields.iter().map(|s| s.to_string()).collect()));
    }
}
