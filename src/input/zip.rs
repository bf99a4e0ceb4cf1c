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
        if count as usize > MAX_ENTRIES {
            return Err(Problem::new(
                format!("压缩包中的文件太多（{count} 个）"),
                format!("the zip container holds too many files ({count})"),
            ));
        }
        let start = usize::try_from(cd_offset).unwrap_or(usize::MAX);
        let end = start.saturating_add(usize::try_from(cd_size).unwrap_or(usize::MAX));
        let cd = bytes
            .get(start..end.min(bytes.len()))
            .ok_or_else(|| corrupt("目录位置无效", "central directory out of range"))?;
        let mut entries = Vec::with_capacity(count as usize);
        let mut i = 0;
        while i + 46 <= cd.len() && cd[i..].starts_with(b"PK\x01\x02") && entries.len() < MAX_ENTRIES {
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
                    for field in [&mut size, &mut compressed, &mut offset] {
                        if *field == 0xFFFF_FFFF {
                            if let Some(v) = u64_at(extra, p) {
                                *field = v;
                            }
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
        let data = local
            .get(data_start..data_start.saturating_add(clen))
            .ok_or_else(|| {
                corrupt(
                    &format!("“{}”被截断", e.name),
                    &format!("{} is truncated", e.name),
                )
            })?;
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
}
