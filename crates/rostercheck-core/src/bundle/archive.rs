//! A OneRoster zip: read with the `zip` crate (pure-Rust deflate, no files written), refused
//! whole with a clear reason when it is hostile or broken (too many entries, too large, a zip
//! bomb, a nested zip, encrypted, unsafe or duplicate names, cut short); its folder flattened
//! and its junk (`__MACOSX/`, `.DS_Store`, `Thumbs.db`) left out, each with a finding. The
//! corrected bundle is written with the same members in the same order.

use super::{base_name, BundleReport, FileKind, Files};
use crate::finding::{Code, Detail, Finding, Fix, Refusal, Severity};
use crate::rules::{About, Stage};
use crate::sink::{self, Draft};
use std::io::{Read, Seek, SeekFrom, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// The registry entry of this stage.
pub(crate) const STAGE: Stage = Stage {
    name: "zip",
    about: About::File,
    codes: &[
        Code::ZipFolder,
        Code::ZipJunk,
        Code::ZipName,
        Code::ZipRefused,
    ],
};

/// At most this many entries (a bundle has about 20).
pub const MAX_ENTRIES: usize = 1_000;
/// At most this many bytes, unzipped, in all (5,000,000 students and their users.csv fit).
pub const MAX_TOTAL: u64 = 4 << 30;
/// A member of more than [`RATIO_FROM`] bytes expands at most this many times (CSV text
/// deflates 5 to 30 times; a zip bomb about 1,000).
pub const MAX_RATIO: u64 = 200;
const RATIO_FROM: u64 = 1 << 20;

/// The limits a zip is held to (the defaults above; tests make them small).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Entries.
    pub entries: usize,
    /// Bytes unzipped, in all.
    pub total: u64,
    /// Expansion of one member.
    pub ratio: u64,
}

impl Default for ZipLimits {
    fn default() -> Self {
        ZipLimits {
            entries: MAX_ENTRIES,
            total: MAX_TOTAL,
            ratio: MAX_RATIO,
        }
    }
}

/// A member kept: its index in the zip, its path, its name at the root, its size and time.
#[derive(Debug, Clone)]
struct Member {
    index: usize,
    name: String,
    output_name: String,
    size: u64,
    modified: Option<DateTime>,
}

/// A zip, checked against its limits and ready to read member by member.
pub struct Archive<R> {
    zip: ZipArchive<R>,
    name: String,
    members: Vec<Member>,
    findings: Vec<Finding>,
}

impl<R> std::fmt::Debug for Archive<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("members", &self.members)
            .field("findings", &self.findings.len())
            .finish()
    }
}

/// The `zip-refused` finding of the zip `zip_name`, for `refusal` (about `member`, or a
/// detail such as the error a damaged member gave).
pub fn refusal(zip_name: &str, refusal: Refusal, member: &str) -> Finding {
    refused(zip_name, refusal, member)
}

fn refused(zip_name: &str, refusal: Refusal, member: &str) -> Finding {
    let draft = Draft::new(Code::ZipRefused, Severity::Error, 0)
        .file(Some(zip_name))
        .value(Some(member))
        .detail(Detail::Refused(refusal));
    sink::finding(draft)
}

fn is_junk(name: &str) -> bool {
    let base = base_name(name);
    name.starts_with("__MACOSX/")
        || name.contains("/__MACOSX/")
        || base.starts_with("._")
        || [".DS_Store", "Thumbs.db", "desktop.ini"]
            .iter()
            .any(|junk| base.eq_ignore_ascii_case(junk))
}

/// A name that leaves the zip's folder on some system (`../`, `..\`, `/x`, `C:x`).
fn is_unsafe(name: &str) -> bool {
    let parts = name.split(['/', '\\']);
    name.starts_with(['/', '\\'])
        || name.as_bytes().get(1) == Some(&b':')
        || parts.into_iter().any(|part| part == "..")
        || name.contains('\0')
}

/// The names of the central directory, read from its bytes: the `zip` crate keeps members by
/// name, so a second member of the same name cannot be seen through it (and a directory of a
/// million entries would be read whole before its count could be judged). Zip64 records and
/// several disks are refused: no roster bundle within the limits needs them, and they let a
/// second member of a name slip past (found by review); a directory that is not where the end
/// record says (a zip cut short, or with bytes before it) is broken.
fn central_names(reader: &mut (impl Read + Seek), most: usize) -> Result<Vec<Vec<u8>>, Refusal> {
    let broken = |_| Refusal::Broken;
    let length = reader.seek(SeekFrom::End(0)).map_err(broken)?;
    let tail_length = length.min(65_557);
    reader
        .seek(SeekFrom::Start(length - tail_length))
        .map_err(broken)?;
    let mut tail = vec![0; tail_length as usize];
    reader.read_exact(&mut tail).map_err(broken)?;
    let end = memchr::memmem::rfind(&tail, b"PK\x05\x06").ok_or(Refusal::Broken)?;
    let record = tail.get(end..end + 22).ok_or(Refusal::Broken)?;
    let u16_at = |at: usize| u16::from_le_bytes([record[at], record[at + 1]]);
    let u32_at = |at: usize| u32::from_le_bytes(record[at..at + 4].try_into().unwrap_or([0; 4]));
    // The entries on this disk (what the `zip` crate reads) and in all: one disk, one count.
    let (entries, offset) = (u16_at(8), u32_at(16));
    if entries != u16_at(10) || entries == u16::MAX || offset == u32::MAX {
        return Err(Refusal::Unusual);
    }
    if usize::from(entries) > most {
        return Ok(vec![Vec::new(); usize::from(entries)]);
    }
    reader
        .seek(SeekFrom::Start(u64::from(offset)))
        .map_err(broken)?;
    let mut names = Vec::with_capacity(usize::from(entries));
    for _ in 0..entries {
        let mut header = [0u8; 46];
        reader.read_exact(&mut header).map_err(broken)?;
        if &header[..4] != b"PK\x01\x02" {
            return Err(Refusal::Broken);
        }
        let field = |at: usize| u64::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let mut name = vec![0; field(28) as usize];
        reader.read_exact(&mut name).map_err(broken)?;
        let skip = field(30) + field(32);
        reader
            .seek(SeekFrom::Current(skip as i64))
            .map_err(broken)?;
        names.push(name);
    }
    Ok(names)
}

impl<R: Read + Seek> Archive<R> {
    /// Opens the zip `reader`, named `zip_name`, with the default limits. A refused zip gives
    /// its `zip-refused` finding.
    pub fn open(reader: R, zip_name: &str) -> Result<Archive<R>, Box<Finding>> {
        Archive::open_with(reader, zip_name, ZipLimits::default())
    }

    /// Opens the zip `reader` held to `limits`.
    pub fn open_with(
        mut reader: R,
        zip_name: &str,
        limits: ZipLimits,
    ) -> Result<Archive<R>, Box<Finding>> {
        let refuse = |refusal, member: &str| Box::new(refused(zip_name, refusal, member));
        let names = central_names(&mut reader, limits.entries).map_err(|why| refuse(why, ""))?;
        if names.len() > limits.entries {
            return Err(refuse(Refusal::TooManyEntries, ""));
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(twice) = names.iter().find(|name| !seen.insert(*name)) {
            return Err(refuse(
                Refusal::DuplicateName,
                &String::from_utf8_lossy(twice),
            ));
        }
        reader
            .seek(SeekFrom::Start(0))
            .map_err(|_| refuse(Refusal::Broken, ""))?;
        let length = reader.seek(SeekFrom::End(0)).unwrap_or(u64::MAX);
        let mut zip = ZipArchive::new(reader).map_err(|_| refuse(Refusal::Broken, ""))?;
        if zip.len() != names.len() {
            // The `zip` crate keeps one member of a name: two names that differ as bytes
            // (CP437 and UTF-8) but not as text (found by review).
            let first = (0..zip.len()).find_map(|i| zip.name_for_index(i).map(str::to_owned));
            return Err(refuse(Refusal::DuplicateName, &first.unwrap_or_default()));
        }
        let mut members = Vec::new();
        let mut findings = Vec::new();
        // The sizes the zip claims, in all, before any one member is judged by its ratio.
        let mut total = 0u64;
        for index in 0..zip.len() {
            let file = zip
                .by_index_raw(index)
                .map_err(|_| refuse(Refusal::Broken, ""))?;
            total = total.saturating_add(file.size());
            if total > limits.total {
                return Err(refuse(Refusal::TooLarge, file.name()));
            }
        }
        for index in 0..zip.len() {
            let file = zip
                .by_index_raw(index)
                .map_err(|_| refuse(Refusal::Broken, ""))?;
            let name = file.name().to_owned();
            if file.encrypted() {
                return Err(refuse(Refusal::Encrypted, &name));
            }
            if is_unsafe(&name) || file.enclosed_name().is_none() {
                return Err(refuse(Refusal::UnsafeName, &name));
            }
            if file.is_dir() {
                continue;
            }
            let ends_at = file.data_start().checked_add(file.compressed_size());
            if ends_at.is_none_or(|end| end > length) {
                return Err(refuse(Refusal::Broken, &name));
            }
            if !matches!(
                file.compression(),
                CompressionMethod::Stored | CompressionMethod::Deflated
            ) {
                return Err(refuse(Refusal::Method, &name));
            }
            let lower = name.to_ascii_lowercase();
            if [".zip", ".jar", ".gz", ".7z", ".rar"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                return Err(refuse(Refusal::Nested, &name));
            }
            let ratio = file.size() / file.compressed_size().max(1);
            if file.size() > RATIO_FROM.min(limits.total) && ratio > limits.ratio {
                return Err(refuse(Refusal::Ratio, &name));
            }
            if is_junk(&name) {
                let draft = Draft::new(Code::ZipJunk, Severity::Info, 0)
                    .file(Some(zip_name))
                    .value(Some(&name))
                    .fix(Some(Fix::RemoveFile));
                findings.push(sink::finding(draft));
                continue;
            }
            members.push(Member {
                index,
                output_name: name.clone(),
                name,
                size: file.size(),
                modified: file.last_modified(),
            });
        }
        let folder = common_folder(&members);
        if let Some(folder) = &folder {
            for member in &mut members {
                member.output_name = member.name[folder.len() + 1..].to_owned();
            }
            let draft = Draft::new(Code::ZipFolder, Severity::Warning, 0)
                .file(Some(zip_name))
                .value(Some(folder))
                .fix(Some(Fix::Flatten));
            findings.push(sink::finding(draft));
        }
        if base_name(zip_name) != "OneRoster.zip" {
            let draft = Draft::new(Code::ZipName, Severity::Info, 0)
                .file(Some(zip_name))
                .value(Some(base_name(zip_name)));
            findings.push(sink::finding(draft));
        }
        Ok(Archive {
            zip,
            name: zip_name.to_owned(),
            members,
            findings,
        })
    }

    /// The findings about the zip itself: junk left out, a folder flattened, its name.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The zip's name, as it was given.
    pub fn zip_name(&self) -> &str {
        &self.name
    }

    /// Each member's name at the zip's root.
    pub fn output_names(&self) -> Vec<String> {
        self.members.iter().map(|m| m.output_name.clone()).collect()
    }
}

/// The one folder every member is in, if they all are.
fn common_folder(members: &[Member]) -> Option<String> {
    let first = members.first()?.name.split_once('/')?.0;
    members
        .iter()
        .all(|m| {
            m.name
                .split_once('/')
                .is_some_and(|(folder, _)| folder == first)
        })
        .then(|| first.to_owned())
}

/// A member's bytes, never more than the zip says it has (a lying size is a zip bomb).
struct Bounded<R> {
    inner: R,
    left: u64,
    name: String,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        self.left = self.left.checked_sub(read as u64).ok_or_else(|| {
            let why = format!("\"{}\" is larger than the zip says: a zip bomb", self.name);
            std::io::Error::new(std::io::ErrorKind::InvalidData, why)
        })?;
        Ok(read)
    }
}

impl<R: Read + Seek> Files for Archive<R> {
    fn len(&self) -> usize {
        self.members.len()
    }

    fn name(&self, index: usize) -> &str {
        &self.members[index].name
    }

    fn open(&mut self, index: usize) -> std::io::Result<Box<dyn Read + '_>> {
        let member = &self.members[index];
        let (left, name) = (member.size, member.name.clone());
        let file = self
            .zip
            .by_index(member.index)
            .map_err(std::io::Error::other)?;
        Ok(Box::new(Bounded {
            inner: file,
            left,
            name,
        }))
    }

    fn size(&self, index: usize) -> Option<u64> {
        Some(self.members[index].size)
    }

    fn modified(&self, index: usize) -> Option<Stamp> {
        let time = self.members[index].modified?;
        Some(Stamp {
            year: time.year(),
            month: time.month(),
            day: time.day(),
            hour: time.hour(),
            minute: time.minute(),
            second: time.second(),
        })
    }
}

/// When a file was last changed, as a zip records it (to the second, no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// 1980 to 2107.
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
    /// 1 to 31.
    pub day: u8,
    /// 0 to 23.
    pub hour: u8,
    /// 0 to 59.
    pub minute: u8,
    /// 0 to 59.
    pub second: u8,
}

impl Stamp {
    /// The time `seconds` after 1970-01-01T00:00:00 UTC.
    pub fn from_unix(seconds: u64) -> Stamp {
        let date = crate::date::Date::from_unix_days((seconds / 86_400) as i64);
        let of_day = seconds % 86_400;
        Stamp {
            year: date.year as u16,
            month: date.month as u8,
            day: date.day as u8,
            hour: (of_day / 3600) as u8,
            minute: (of_day / 60 % 60) as u8,
            second: (of_day % 60) as u8,
        }
    }

    fn to_zip(self) -> DateTime {
        DateTime::from_date_and_time(
            self.year,
            self.month,
            self.day,
            self.hour,
            self.minute,
            self.second,
        )
        .unwrap_or_default()
    }
}

/// Writes the corrected bundle of `files` (as `report` describes them) as a zip into `out`:
/// each file at the root under its OneRoster name, demographics.csv as `corrected` gives it,
/// manifest.csv corrected when it was, every other file as it was. The same files give the
/// same bytes (times are the files' own). For a zip's own members, see
/// [`Archive::write_corrected`].
pub fn write_zip<W: Write + Seek>(
    files: &mut dyn Files,
    report: &BundleReport,
    corrected: Option<&mut dyn Read>,
    out: W,
) -> std::io::Result<W> {
    let mut zip = ZipWriter::new(out);
    let mut corrected = corrected;
    for (index, file) in report.files.iter().enumerate() {
        let options = options(files.modified(index), files.size(index));
        match changed(file, report, &mut corrected) {
            Some(written) => write_anew(&mut zip, &file.output_name, options, written)?,
            None => {
                zip.start_file(file.output_name.as_str(), options)
                    .map_err(std::io::Error::other)?;
                std::io::copy(&mut files.open(index)?, &mut zip)?;
            }
        }
    }
    zip.finish().map_err(std::io::Error::other)
}

/// Writes the member `name` anew, from the corrected demographics.csv or manifest.csv.
fn write_anew<W: Write + Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    options: SimpleFileOptions,
    written: Changed<'_, '_>,
) -> std::io::Result<()> {
    zip.start_file(name, options)
        .map_err(std::io::Error::other)?;
    match written {
        Changed::Demographics(corrected) => std::io::copy(corrected, zip).map(|_| ()),
        Changed::Manifest(manifest) => zip.write_all(manifest),
    }
}

/// The options of a member written anew: deflated at level 2, with the file's time. Measured
/// on the corrected demographics.csv of 1,000,000 rows (130 MB), `--fix OUT.zip` in all:
/// level 6 (the default) 5.3 s and a 38 MB zip, level 4 3.2 s and 41 MB, level 2 2.1 s and
/// 46 MB, level 1 1.8 s and 53 MB.
fn options(modified: Option<Stamp>, size: Option<u64>) -> SimpleFileOptions {
    let time = modified.map(Stamp::to_zip).unwrap_or_default();
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(2))
        .last_modified_time(time)
        .large_file(size.unwrap_or(0) >= u64::from(u32::MAX))
}

/// What is written anew of a bundle: its demographics.csv and its manifest.csv, when corrected.
enum Changed<'a, 'r> {
    Demographics(&'a mut &'r mut dyn Read),
    Manifest(&'a [u8]),
}

fn changed<'a, 'r>(
    file: &super::BundleFile,
    report: &'a BundleReport,
    corrected: &'a mut Option<&'r mut dyn Read>,
) -> Option<Changed<'a, 'r>> {
    match (file.kind, file.used, &report.manifest, corrected) {
        (FileKind::Demographics, true, _, Some(corrected)) => {
            Some(Changed::Demographics(corrected))
        }
        (FileKind::Manifest, true, Some(manifest), _) => Some(Changed::Manifest(manifest)),
        _ => None,
    }
}

impl<R: Read + Seek> Archive<R> {
    /// Writes the corrected bundle of this zip into `out`, as [`write_zip`] does, except that
    /// the members that did not change are copied as they are compressed: their bytes (and
    /// times) are the zip's own, and a large users.csv is not deflated again (measured: 1,050,000
    /// users and 1,000,000 demographics rows, 6.8 s deflating every member).
    pub fn write_corrected<W: Write + Seek>(
        &mut self,
        report: &BundleReport,
        corrected: Option<&mut dyn Read>,
        out: W,
    ) -> std::io::Result<W> {
        let mut zip = ZipWriter::new(out);
        let mut corrected = corrected;
        for (index, file) in report.files.iter().enumerate() {
            let Some(member) = self.members.get(index).cloned() else {
                return Err(std::io::Error::other("the report is of another zip"));
            };
            match changed(file, report, &mut corrected) {
                Some(written) => {
                    let options = options(self.modified(index), Some(member.size));
                    write_anew(&mut zip, &file.output_name, options, written)?;
                }
                None => {
                    let raw = self
                        .zip
                        .by_index_raw(member.index)
                        .map_err(std::io::Error::other)?;
                    zip.raw_copy_file_rename(raw, file.output_name.as_str())
                        .map_err(std::io::Error::other)?;
                }
            }
        }
        zip.finish().map_err(std::io::Error::other)
    }
}
