//! OLE compound files (the container of .xls and .doc): the sector allocation table, the
//! directory, and streams in regular or mini sectors. Every chain is bounded by the file's
//! sector count, so a damaged or hostile file cannot loop or read out of bounds.

use super::le::{u16_at, u32_at};
use super::Problem;

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const MAX_SECTOR: u32 = 0xFFFF_FFFA;

pub(crate) fn corrupt(what: &str, what_en: &str) -> Problem {
    Problem::new(
        format!("文件已损坏或不完整（{what}），可能下载中断；请重新下载或用 Excel/WPS 打开后另存"),
        format!("the file is damaged or incomplete ({what_en}); the download may have been interrupted — download it again, or open and re-save it in Excel/WPS"),
    )
}

/// A directory entry.
#[derive(Debug, Clone)]
pub struct DirEntry {
    /// Name (UTF-16 in the file).
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    pub kind: u8,
    left: u32,
    right: u32,
    child: u32,
    start: u32,
    size: u64,
}

/// A compound file over borrowed bytes.
#[derive(Debug)]
pub struct Cfb<'a> {
    bytes: &'a [u8],
    shift: u32,
    mini_shift: u32,
    mini_cutoff: u64,
    fat: Vec<u32>,
    minifat: Vec<u32>,
    /// Directory entries (index 0 is the root).
    pub entries: Vec<DirEntry>,
    mini_stream: Vec<u8>,
}

impl<'a> Cfb<'a> {
    /// Reads the header, the allocation tables and the directory.
    pub fn new(bytes: &'a [u8]) -> Result<Cfb<'a>, Problem> {
        if bytes.len() < 512 || !bytes.starts_with(&super::CFB_MAGIC) {
            return Err(corrupt("文件头不完整", "truncated header"));
        }
        let shift = u32::from(u16_at(bytes, 30).unwrap_or(9));
        let mini_shift = u32::from(u16_at(bytes, 32).unwrap_or(6));
        if !(7..=16).contains(&shift) || mini_shift >= shift {
            return Err(corrupt("扇区大小无效", "bad sector size"));
        }
        let sector = 1usize << shift;
        let sectors = (bytes.len().saturating_sub(sector) / sector + 1) as u32;
        let n_fat = u32_at(bytes, 44).unwrap_or(0);
        let first_dir = u32_at(bytes, 48).unwrap_or(END_OF_CHAIN);
        let mini_cutoff = u64::from(u32_at(bytes, 56).unwrap_or(4096));
        let first_minifat = u32_at(bytes, 60).unwrap_or(END_OF_CHAIN);
        let mut difat_next = u32_at(bytes, 68).unwrap_or(END_OF_CHAIN);
        let n_difat = u32_at(bytes, 72).unwrap_or(0);
        if n_fat > sectors {
            return Err(corrupt("分配表过大", "allocation table larger than the file"));
        }
        // FAT sector numbers: 109 in the header, the rest in DIFAT sectors
        let mut fat_sectors: Vec<u32> = (0..109)
            .filter_map(|k| u32_at(bytes, 76 + 4 * k))
            .filter(|&s| s <= MAX_SECTOR)
            .collect();
        let per = sector / 4;
        let mut guard = 0;
        while difat_next <= MAX_SECTOR && guard <= n_difat.min(sectors) {
            guard += 1;
            let s = sector_slice(bytes, shift, difat_next)
                .ok_or_else(|| corrupt("分配表越界", "DIFAT out of range"))?;
            for k in 0..per - 1 {
                if let Some(v) = u32_at(s, 4 * k).filter(|&v| v <= MAX_SECTOR) {
                    fat_sectors.push(v);
                }
            }
            difat_next = u32_at(s, 4 * (per - 1)).unwrap_or(END_OF_CHAIN);
        }
        fat_sectors.truncate(n_fat as usize);
        let mut fat = Vec::with_capacity(fat_sectors.len() * per);
        for s in fat_sectors {
            let data =
                sector_slice(bytes, shift, s).ok_or_else(|| corrupt("分配表越界", "FAT out of range"))?;
            fat.extend(
                data.chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])),
            );
        }
        let mut cfb = Cfb {
            bytes,
            shift,
            mini_shift,
            mini_cutoff,
            fat,
            minifat: Vec::new(),
            entries: Vec::new(),
            mini_stream: Vec::new(),
        };
        let dir = cfb.chain_bytes(first_dir, u64::MAX, false)?;
        for e in dir.chunks_exact(128) {
            let name_len = usize::from(u16_at(e, 64).unwrap_or(0)).min(64);
            let units: Vec<u16> = e[..name_len.saturating_sub(2)]
                .chunks_exact(2)
                .map(|c| u16::from_le_bytes([c[0], c[1]]))
                .collect();
            let low = u64::from(u32_at(e, 120).unwrap_or(0));
            let high = u64::from(u32_at(e, 124).unwrap_or(0));
            // version 3 files may leave garbage in the high half
            let size = if shift == 9 { low } else { low | (high << 32) };
            cfb.entries.push(DirEntry {
                name: String::from_utf16_lossy(&units),
                kind: e[66],
                left: u32_at(e, 68).unwrap_or(u32::MAX),
                right: u32_at(e, 72).unwrap_or(u32::MAX),
                child: u32_at(e, 76).unwrap_or(u32::MAX),
                start: u32_at(e, 116).unwrap_or(END_OF_CHAIN),
                size,
            });
        }
        if cfb.entries.first().is_none_or(|r| r.kind != 5) {
            return Err(corrupt("目录无效", "bad directory"));
        }
        if first_minifat <= MAX_SECTOR {
            let mf = cfb.chain_bytes(first_minifat, u64::MAX, false)?;
            cfb.minifat = mf
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect();
            let root = cfb.entries[0].clone();
            let mut ms = cfb.chain_bytes(root.start, u64::MAX, false)?;
            ms.truncate(usize::try_from(root.size).unwrap_or(usize::MAX));
            cfb.mini_stream = ms;
        }
        Ok(cfb)
    }

    /// The stream entries directly under the root storage.
    pub fn root_streams(&self) -> Vec<&DirEntry> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.entries.len()];
        let mut todo = vec![self.entries[0].child];
        while let Some(i) = todo.pop() {
            let Some(e) = self.entries.get(i as usize) else {
                continue;
            };
            if std::mem::replace(&mut seen[i as usize], true) {
                continue;
            }
            out.push(e);
            todo.push(e.left);
            todo.push(e.right);
        }
        out
    }

    /// True when the root storage has a stream or storage with this name (ASCII
    /// case-insensitive).
    pub fn has(&self, name: &str) -> bool {
        self.root_streams()
            .iter()
            .any(|e| e.name.eq_ignore_ascii_case(name))
    }

    /// The contents of a stream under the root, when there is one with this name.
    pub fn stream(&self, name: &str) -> Result<Option<Vec<u8>>, Problem> {
        let Some(e) = self
            .root_streams()
            .into_iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))
            .cloned()
        else {
            return Ok(None);
        };
        if e.size > self.bytes.len() as u64 {
            return Err(corrupt("数据流长度无效", "stream longer than the file"));
        }
        let data = if e.size < self.mini_cutoff {
            self.chain_bytes(e.start, e.size, true)?
        } else {
            self.chain_bytes(e.start, e.size, false)?
        };
        Ok(Some(data))
    }

    /// Follows a chain from `start`, reading at most `size` bytes.
    fn chain_bytes(&self, start: u32, size: u64, mini: bool) -> Result<Vec<u8>, Problem> {
        let (table, shift) = if mini {
            (&self.minifat, self.mini_shift)
        } else {
            (&self.fat, self.shift)
        };
        let unit = 1usize << shift;
        let mut out = Vec::new();
        let mut s = start;
        let mut steps = 0usize;
        while s <= MAX_SECTOR && (out.len() as u64) < size {
            steps += 1;
            if steps > table.len() {
                return Err(corrupt("扇区链成环", "sector chain loops"));
            }
            let data = if mini {
                let at = (s as usize) << shift;
                let len = self.mini_stream.len();
                (at < len).then(|| &self.mini_stream[at..(at + unit).min(len)])
            } else {
                sector_slice(self.bytes, shift, s)
            }
            .ok_or_else(|| corrupt("扇区越界", "sector out of range"))?;
            out.extend_from_slice(data);
            s = *table
                .get(s as usize)
                .ok_or_else(|| corrupt("扇区链越界", "chain out of range"))?;
        }
        if size != u64::MAX {
            if (out.len() as u64) < size {
                return Err(corrupt("数据流被截断", "stream is truncated"));
            }
            out.truncate(size as usize);
        }
        Ok(out)
    }
}

/// A sector's bytes (the file's last sector may be cut short).
fn sector_slice(bytes: &[u8], shift: u32, s: u32) -> Option<&[u8]> {
    let size = 1usize << shift;
    let at = (s as usize).checked_add(1)?.checked_mul(size)?;
    if at >= bytes.len() {
        return None;
    }
    bytes.get(at..at.checked_add(size)?.min(bytes.len()))
}
