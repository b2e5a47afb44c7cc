//! The peer both benchmarks measure against: a bare `csv::ByteRecord` pass over the same bytes,
//! doing nothing with the fields — the floor any CSV tool pays.

/// Reads every record (the header too), returning the number of fields seen.
#[cfg(not(target_arch = "wasm32"))]
pub fn bare_csv_pass(bytes: &[u8]) -> u64 {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut fields = 0u64;
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        fields += record.len() as u64;
    }
    fields
}
