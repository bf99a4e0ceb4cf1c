//! Reading entries of a zip archive (the container of .xlsx and .docx files) from bytes:
//! the central directory, stored and deflated entries (raw deflate via `miniz_oxide`), CRC-32
//! checked, with limits on entry count and inflated size (a small hostile file cannot make
//! the reader allocate without bound).

use super::le::{u16_at, u32_at, u64_at};
use super::Problem;

/// Most entries read from a central directory.
const MAX_ENTRIES: usize = 20_000;
/// Most bytes one entry may inflate to, and all entries of one file together.
pub const MAX_INFLATED: usize = 256 * 1024 * 1024;

/// One entry of the central directory.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Path inside the archive, `/`-separated, without a leading `/`.
    pub name: String,
    method: u16,
    flags: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// A zip archive over borrowed bytes.
#[derive(Debug)]
pub struct Zip<'a> {
    bytes: &'a [u8],
    /// The entries, in central-directory order.
    pub entries: Vec<Entry>,
    inflated: std::cell::Cell<usize>,
}

pub(crate) fn corrupt(what: &str, what_en: &str) -> Problem {
    Problem::new(
        format!("压缩包已损坏或不完整（{what}），可能下载中断；请重新下载或用 Excel/WPS 打开后另存"),
        format!("the zip container is damaged or incomplete ({what_en}); the download may have been interrupted — download it again, or open and re-save it in Excel/WPS"),
    )
}

impl<'a> Zip<'a> {
    /// Reads the central directory.
    pub fn new(bytes: &'a [u8]) -> Result<Zip<'a>, Problem> {
        // end of central directory: within the last 64 KiB + 22 bytes
        let from = bytes.len().saturating_sub(65_557);
        let eocd = (from..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| corrupt("找不到目录", "no central directory"))?;
        let mut count = u64::from(u16_at(bytes, eocd + 10).unwrap_or(0));
        let mut cd_size = u64::from(u32_at(bytes, eocd + 12).unwrap_or(0));
        let mut cd_offset = u64::from(u32_at(bytes, eocd + 16).unwrap_or(0));
        // zip64: a locator just before the end record points at the zip64 end record
        if (count == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_offset == 0xFFFF_FFFF) && eocd >= 20 {
            let loc = eocd - 20;
            if bytes[loc..].starts_with(b"PK\x06\x07") {
                let rec = u64_at(bytes, loc + 8).unwrap_or(u64::MAX) as usize;
                if bytes.get(rec..).is_some_and(|b| b.starts_with(b"PK\x06\x06")) {
                    count = u64_at(bytes, rec + 32).unwrap_or(0);
                    cd_size = u64_at(bytes, rec + 40).unwrap_or(0);
                    cd_offset = u64_at(bytes, rec + 48).unwrap_or(0);
                }
            }
        }
        let start = usize::try_from(cd_offset).unwrap_or(usize::MAX);
        let end = start.saturating_add(usize::try_from(cd_size).unwrap_or(usize::MAX));
        let cd = bytes
            .get(start..end.min(bytes.len()))
            .ok_or_else(|| corrupt("目录位置无效", "central directory out of range"))?;
        // the end record's count is not trusted (a damaged one may claim 56,059 entries): the
        // records actually there are read, and only more than MAX_ENTRIES of them is refused
        let cap = usize::try_from(count).unwrap_or(usize::MAX).min(MAX_ENTRIES);
        let mut entries = Vec::with_capacity(cap.min(cd.len() / 46));
        let mut i = 0;
        while i + 46 <= cd.len() && cd[i..].starts_with(b"PK\x01\x02") {
            if entries.len() == MAX_ENTRIES {
                return Err(too_many(MAX_ENTRIES + count_records(&cd[i..])));
            }
            let flags = u16_at(cd, i + 8).unwrap_or(0);
            let method = u16_at(cd, i + 10).unwrap_or(0);
            let crc = u32_at(cd, i + 16).unwrap_or(0);
            let mut compressed = u64::from(u32_at(cd, i + 20).unwrap_or(0));
            let mut size = u64::from(u32_at(cd, i + 24).unwrap_or(0));
            let name_len = usize::from(u16_at(cd, i + 28).unwrap_or(0));
            let extra_len = usize::from(u16_at(cd, i + 30).unwrap_or(0));
            let comment_len = usize::from(u16_at(cd, i + 32).unwrap_or(0));
            let mut offset = u64::from(u32_at(cd, i + 42).unwrap_or(0));
            let name_bytes = cd
                .get(i + 46..i + 46 + name_len)
                .ok_or_else(|| corrupt("目录被截断", "truncated central directory"))?;
            let extra = cd
                .get(i + 46 + name_len..i + 46 + name_len + extra_len)
                .unwrap_or(&[]);
            // zip64 extra field: the 0xFFFFFFFF fields, in order
            let mut k = 0;
            while k + 4 <= extra.len() {
                let id = u16_at(extra, k).unwrap_or(0);
                let len = usize::from(u16_at(extra, k + 2).unwrap_or(0));
                if id == 1 {
                    let mut p = k + 4;
                    // the values of the 0xFFFFFFFF fields, in order; 24 bytes or more hold
                    // all three (size, compressed size, offset) at fixed places, so a damaged
                    // 0xFFFFFFFF marker does not shift the values after it (its field keeps
                    // its 32-bit value)
                    let all = len >= 24;
                    for field in [&mut size, &mut compressed, &mut offset] {
                        let marked = *field == 0xFFFF_FFFF;
                        if marked {
                            if let Some(v) = u64_at(extra, p) {
                                *field = v;
                            }
                        }
                        if marked || all {
                            p += 8;
                        }
                    }
                }
                k += 4 + len;
            }
            let name = String::from_utf8_lossy(name_bytes).replace('\\', "/");
            entries.push(Entry {
                name: name.trim_start_matches('/').to_string(),
                method,
                flags,
                crc,
                compressed,
                size,
                offset,
            });
            i += 46 + name_len + extra_len + comment_len;
        }
        if entries.is_empty() && count > 0 {
            return Err(corrupt("目录为空", "empty central directory"));
        }
        Ok(Zip {
            bytes,
            entries,
            inflated: std::cell::Cell::new(0),
        })
    }

    /// The entry with this name (ASCII case-insensitive, as OPC part names are).
    pub fn find(&self, name: &str) -> Option<&Entry> {
        let name = name.trim_start_matches('/');
        self.entries.iter().find(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// True when the archive has this entry.
    pub fn has(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// True when any entry is encrypted.
    pub fn encrypted(&self) -> bool {
        self.entries.iter().any(|e| e.flags & 1 != 0)
    }

    /// The contents of an entry, or `None` when there is no such entry.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        match self.find(name) {
            Some(e) => self.read_entry(e).map(Some),
            None => Ok(None),
        }
    }

    /// The contents of an entry.
    pub fn read_entry(&self, e: &Entry) -> Result<Vec<u8>, Problem> {
        if e.flags & 1 != 0 {
            return Err(Problem::new(
                "文件已加密，需要密码才能打开；请在 Excel/WPS 中输入密码后另存为不加密的文件",
                "the file is encrypted and needs a password; open it in Excel/WPS with the password and save an unencrypted copy",
            ));
        }
        let at = usize::try_from(e.offset).unwrap_or(usize::MAX);
        let local = self
            .bytes
            .get(at..)
            .filter(|b| b.starts_with(b"PK\x03\x04") && b.len() >= 30)
            .ok_or_else(|| {
                corrupt(
                    &format!("“{}”的位置无效", e.name),
                    &format!("bad offset of {}", e.name),
                )
            })?;
        let name_len = usize::from(u16_at(local, 26).unwrap_or(0));
        let extra_len = usize::from(u16_at(local, 28).unwrap_or(0));
        let data_start = 30 + name_len + extra_len;
        let clen = usize::try_from(e.compressed).unwrap_or(usize::MAX);
        let truncated = || {
            corrupt(
                &format!("“{}”被截断", e.name),
                &format!("{} is truncated", e.name),
            )
        };
        // a deflated entry whose compressed size runs past the end of the file (a damaged
        // size, or a cut-short file) is inflated from what is there: the deflate stream ends
        // by itself and the size and CRC checks below decide; if that fails, the entry is
        // refused as truncated, as before
        let end = data_start.saturating_add(clen);
        match local.get(data_start..end) {
            Some(data) => self.unpack(e, data),
            None if e.method == 8 && data_start <= local.len() => {
                self.unpack(e, &local[data_start..]).map_err(|_| truncated())
            }
            None => Err(truncated()),
        }
    }

    /// Inflates (or copies) an entry's data and checks its size and CRC-32, within the
    /// inflated-size budget.
    fn unpack(&self, e: &Entry, data: &[u8]) -> Result<Vec<u8>, Problem> {
        let budget = MAX_INFLATED.saturating_sub(self.inflated.get());
        if e.size > budget as u64 {
            return Err(too_big());
        }
        let out = match e.method {
            0 => data.to_vec(),
            8 => {
                // the declared size bounds the output (plus slack for a wrong header); the
                // CRC below catches a lie
                let limit = (e.size as usize).saturating_add(1).min(budget);
                match miniz_oxide::inflate::decompress_to_vec_with_limit(data, limit) {
                    Ok(v) => v,
                    Err(err) if err.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                        return Err(if limit >= budget {
                            too_big()
                        } else {
                            corrupt(&format!("“{}”的大小不符", e.name), &format!("size mismatch in {}", e.name))
                        })
                    }
                    Err(_) => {
                        return Err(corrupt(
                            &format!("“{}”无法解压", e.name),
                            &format!("cannot inflate {}", e.name),
                        ))
                    }
                }
            }
            m => {
                return Err(Problem::new(
                    format!("压缩包使用了不支持的压缩方式（{m}）；请用 Excel/WPS 打开后另存"),
                    format!("the zip container uses an unsupported compression method ({m}); open and re-save it in Excel/WPS"),
                ))
            }
        };
        if out.len() as u64 != e.size || crc32(&out) != e.crc {
            return Err(corrupt(
                &format!("“{}”校验失败", e.name),
                &format!("checksum mismatch in {}", e.name),
            ));
        }
        self.inflated.set(self.inflated.get() + out.len());
        Ok(out)
    }
}

fn too_many(count: usize) -> Problem {
    Problem::new(
        format!("压缩包中的文件太多（{count} 个）"),
        format!("the zip container holds too many files ({count})"),
    )
}

/// How many central-directory records follow one another from the start of `cd` (counted,
/// not kept: no allocation).
fn count_records(cd: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i + 46 <= cd.len() && cd[i..].starts_with(b"PK\x01\x02") {
        let lens = [28, 30, 32].map(|k| usize::from(u16_at(cd, i + k).unwrap_or(0)));
        n += 1;
        i += 46 + lens.iter().sum::<usize>();
    }
    n
}

fn too_big() -> Problem {
    Problem::new(
        format!(
            "解压后的内容超过 {} MB，不像是预算公开文件",
            MAX_INFLATED / 1_048_576
        ),
        format!(
            "the contents inflate to more than {} MB, which is not a budget disclosure",
            MAX_INFLATED / 1_048_576
        ),
    )
}

/// CRC-32 (IEEE), as zip uses.
pub fn crc32(data: &[u8]) -> u32 {
    const fn table() -> [u32; 256] {
        let mut t = [0u32; 256];
        let mut i = 0;
        while i < 256 {
            let mut c = i as u32;
            let mut k = 0;
            while k < 8 {
                c = if c & 1 != 0 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
                k += 1;
            }
            t[i] = c;
            i += 1;
        }
        t
    }
    static TABLE: [u32; 256] = table();
    let mut c = 0xFFFF_FFFFu32;
    for &b in data {
        c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
    }
    c ^ 0xFFFF_FFFF
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn refuses_garbage() {
        assert!(Zip::new(b"PK\x03\x04 not really").is_err());
        assert!(Zip::new(b"").is_err());
    }

    /// Where the fields of a built archive are, for damaging them.
    struct Built {
        bytes: Vec<u8>,
        /// Offset of each entry's central-directory record.
        records: Vec<usize>,
        /// Offset of the end record.
        eocd: usize,
    }

    /// A zip of `entries` (deflated or stored); with `zip64`, every central-directory record
    /// carries its size, compressed size and offset in a zip64 extra field (24 bytes) and
    /// 0xFFFFFFFF in the 32-bit fields, as Python's `zipfile` writes them.
    fn build(entries: &[(&str, &[u8], bool)], zip64: bool) -> Built {
        let mut out = Vec::new();
        let mut central = Vec::new();
        let mut records = Vec::new();
        for &(name, data, deflate) in entries {
            let body = if deflate {
                miniz_oxide::deflate::compress_to_vec(data, 6)
            } else {
                data.to_vec()
            };
            let method: u16 = if deflate { 8 } else { 0 };
            let crc = crc32(data);
            let offset = out.len() as u32;
            out.extend(b"PK\x03\x04");
            out.extend(20u16.to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(method.to_le_bytes());
            out.extend([0u8; 4]);
            out.extend(crc.to_le_bytes());
            out.extend((body.len() as u32).to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes());
            out.extend(name.as_bytes());
            out.extend(&body);
            let mut extra = Vec::new();
            let (clen, size, at) = if zip64 {
                extra.extend(1u16.to_le_bytes());
                extra.extend(24u16.to_le_bytes());
                for v in [data.len() as u64, body.len() as u64, u64::from(offset)] {
                    extra.extend(v.to_le_bytes());
                }
                (u32::MAX, u32::MAX, u32::MAX)
            } else {
                (body.len() as u32, data.len() as u32, offset)
            };
            records.push(central.len());
            central.extend(b"PK\x01\x02");
            central.extend(20u16.to_le_bytes());
            central.extend(20u16.to_le_bytes());
            central.extend(0u16.to_le_bytes());
            central.extend(method.to_le_bytes());
            central.extend([0u8; 4]);
            central.extend(crc.to_le_bytes());
            central.extend(clen.to_le_bytes());
            central.extend(size.to_le_bytes());
            central.extend((name.len() as u16).to_le_bytes());
            central.extend((extra.len() as u16).to_le_bytes());
            central.extend([0u8; 10]); // comment, disk, internal, external attributes
            central.extend(at.to_le_bytes());
            central.extend(name.as_bytes());
            central.extend(&extra);
        }
        let cd_offset = out.len();
        out.extend(&central);
        let eocd = out.len();
        let n = (entries.len() as u16).to_le_bytes();
        out.extend(b"PK\x05\x06");
        out.extend([0u8; 4]);
        out.extend(n);
        out.extend(n);
        out.extend((central.len() as u32).to_le_bytes());
        out.extend((cd_offset as u32).to_le_bytes());
        out.extend(0u16.to_le_bytes());
        Built {
            bytes: out,
            records: records.into_iter().map(|r| r + cd_offset).collect(),
            eocd,
        }
    }

    fn sheet() -> Vec<u8> {
        (0..400)
            .map(|i| format!("<row r=\"{i}\"><c><v>{}</v></c></row>", i * 37 % 1000))
            .collect::<String>()
            .into_bytes()
    }

    fn put_u32(b: &mut [u8], at: usize, v: u32) {
        b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    }

    fn message(r: Result<Vec<u8>, Problem>) -> String {
        r.unwrap_err().message_en
    }

    #[test]
    fn a_compressed_size_past_the_end_is_inflated_from_what_is_there() {
        let data = sheet();
        let other = b"<Types/>".repeat(30);
        let entries = [
            ("xl/worksheets/sheet1.xml", &data[..], true),
            ("[Content_Types].xml", &other[..], true),
        ];
        // a damaged third byte of the compressed size, as in the damaged-file comparison:
        // the size now runs far past the end of the file
        for (damage, record) in [(0xAB_0000, 0), (0x7FFF_FFF0, 1)] {
            let mut z = build(&entries, false);
            let at = z.records[record] + 20;
            let clen = u32::from_le_bytes(z.bytes[at..at + 4].try_into().unwrap());
            put_u32(&mut z.bytes, at, clen | damage);
            let zip = Zip::new(&z.bytes).unwrap();
            assert_eq!(zip.read("xl/worksheets/sheet1.xml").unwrap().unwrap(), data);
            assert_eq!(zip.read("[Content_Types].xml").unwrap().unwrap(), other);
        }
        // the same in a zip64 extra field's compressed size
        let mut z = build(&entries, true);
        let at = z.records[0] + 46 + entries[0].0.len() + 4 + 8;
        z.bytes[at + 3] = 0x5C;
        let zip = Zip::new(&z.bytes).unwrap();
        assert_eq!(zip.entries[0].compressed >> 24, 0x5C);
        assert_eq!(zip.read("xl/worksheets/sheet1.xml").unwrap().unwrap(), data);
    }

    #[test]
    fn a_wrong_crc_is_still_refused() {
        let data = sheet();
        let entries = [("xl/worksheets/sheet1.xml", &data[..], true)];
        let mut z = build(&entries, false);
        let r = z.records[0];
        z.bytes[r + 16] ^= 0x01; // the CRC-32
        let zip = Zip::new(&z.bytes).unwrap();
        assert!(message(zip.read_entry(&zip.entries[0])).contains("checksum mismatch"));
        // and with the compressed size past the end too: refused as truncated, as before
        put_u32(&mut z.bytes, r + 20, 0x00AB_0000);
        let zip = Zip::new(&z.bytes).unwrap();
        assert!(message(zip.read_entry(&zip.entries[0])).contains("is truncated"));
        // a deflated entry cut short (its stream does not end) stays refused as truncated
        let z = build(&entries, false);
        let zip = Zip::new(&z.bytes).unwrap();
        let local_data = 30 + entries[0].0.len();
        let cut = &z.bytes[..local_data + 100];
        let short = Zip {
            bytes: cut,
            entries: zip.entries.clone(),
            inflated: std::cell::Cell::new(0),
        };
        assert!(message(short.read_entry(&short.entries[0])).contains("is truncated"));
        // a stored entry's size is not guessed: past the end it is refused
        let mut z = build(&[("a.txt", b"stored text", false)], false);
        let r = z.records[0];
        put_u32(&mut z.bytes, r + 20, 0x00AB_0000);
        let zip = Zip::new(&z.bytes).unwrap();
        assert!(message(zip.read("a.txt").map(Option::unwrap)).contains("is truncated"));
    }

    #[test]
    fn a_zip64_field_with_a_damaged_marker_is_read_by_its_length() {
        let data = sheet();
        let entries = [
            ("[Content_Types].xml", &b"<Types/>"[..], true),
            ("xl/worksheets/sheet1.xml", &data[..], true),
        ];
        let mut z = build(&entries, true);
        // the 32-bit compressed size no longer 0xFFFFFFFF (it keeps that value, past the end
        // of the file): the offset is still read from its place in the 24-byte field
        let r = z.records[1];
        z.bytes[r + 21] = 0x3A;
        let zip = Zip::new(&z.bytes).unwrap();
        assert_eq!(zip.entries[1].compressed, 0xFFFF_3AFF);
        assert_eq!(zip.read("xl/worksheets/sheet1.xml").unwrap().unwrap(), data);
        // a damaged size marker: the 32-bit value (about 4 GB) is kept and refused as too big
        let mut z = build(&entries, true);
        z.bytes[r + 26] = 0xFC;
        let zip = Zip::new(&z.bytes).unwrap();
        assert!(
            message(zip.read("xl/worksheets/sheet1.xml").map(Option::unwrap)).contains("more than 256 MB")
        );
    }

    #[test]
    fn an_inflated_end_record_count_reads_the_records_there() {
        let data = sheet();
        let entries = [
            ("xl/workbook.xml", &b"<workbook/>"[..], true),
            ("xl/worksheets/sheet1.xml", &data[..], true),
        ];
        for count in [56_059u16, 0xFFFF, 20_001, 3] {
            let mut z = build(&entries, false);
            let at = z.eocd + 10;
            z.bytes[at..at + 2].copy_from_slice(&count.to_le_bytes());
            let zip = Zip::new(&z.bytes).unwrap();
            assert_eq!(zip.entries.len(), 2, "{count}");
            assert_eq!(zip.read("xl/worksheets/sheet1.xml").unwrap().unwrap(), data);
        }
    }

    #[test]
    fn more_real_records_than_the_limit_are_refused() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("{i}")).collect();
        let entries: Vec<(&str, &[u8], bool)> = names.iter().map(|n| (n.as_str(), &b""[..], false)).collect();
        // exactly the limit is read
        let z = build(&entries[..MAX_ENTRIES], false);
        assert_eq!(Zip::new(&z.bytes).unwrap().entries.len(), MAX_ENTRIES);
        // one more is refused, whatever the end record says (20,001 or, damaged, 1), and the
        // message gives the real count
        let mut z = build(&entries, false);
        let e = Zip::new(&z.bytes).unwrap_err().message_en;
        assert!(e.contains("too many files (20001)"), "{e}");
        let at = z.eocd + 10;
        z.bytes[at..at + 2].copy_from_slice(&1u16.to_le_bytes());
        let e = Zip::new(&z.bytes).unwrap_err().message_en;
        assert!(e.contains("too many files (20001)"), "{e}");
    }
}
