//! The site bundle as a zip archive, written with `rawzip` (a small, dependency-free zip writer; the
//! compression is ours to choose): each entry deflated by `miniz_oxide` (already linked for the PDF
//! streams) when that makes it smaller, stored otherwise.
//!
//! Owns: the archive layout (one entry per file, in the given order, UTF-8 names, `rw-r--r--`, the
//! bundle's creation time as each entry's time).

use super::{pack, Encoding, ShareError, SiteFile, DEFLATE_LEVEL};
use rawzip::{CompressionMethod, DataDescriptorOutput, ZipArchiveWriter};
use std::io::Write;

/// Regular file, `rw-r--r--`.
const FILE_MODE: u32 = 0o100_644;

/// Raw deflate (what a zip entry of method 8 holds).
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, DEFLATE_LEVEL)
}

/// A zip archive of `files`, each dated `unix_seconds`.
pub fn zip(files: &[SiteFile<'_>], unix_seconds: i64) -> Result<Vec<u8>, ShareError> {
    let err = |e: rawzip::Error| ShareError::Zip(e.to_string());
    let io = |e: std::io::Error| ShareError::Zip(e.to_string());
    let time = rawzip::time::UtcDateTime::from_unix(unix_seconds);
    let capacity = files
        .iter()
        .map(|f| f.bytes.len() + f.path.len() + 128)
        .sum();
    let mut archive = ZipArchiveWriter::new(Vec::with_capacity(capacity));
    for f in files {
        let (enc, data) = pack(&f.bytes, deflate);
        let method = match enc {
            Encoding::Deflated => CompressionMethod::DEFLATE,
            Encoding::Stored => CompressionMethod::STORE,
        };
        let (mut entry, _) = archive
            .new_file(f.path.as_str())
            .compression_method(method)
            .last_modified(time)
            .unix_permissions(FILE_MODE)
            .start()
            .map_err(err)?;
        entry.write_all(&data).map_err(io)?;
        entry
            .finish(DataDescriptorOutput::new(
                rawzip::crc32(&f.bytes),
                f.bytes.len() as u64,
            ))
            .map_err(err)?;
    }
    archive.finish().map_err(err)
}
