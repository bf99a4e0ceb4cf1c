//! Text files: the encoding is detected (UTF-8 with or without BOM, UTF-16 LE/BE with or
//! without BOM, GB18030/GBK with feature `gbk`), and files that are not text (PDF, Office,
//! images, archives, other binaries) are named in the error instead of being shown as noise.
//! Full-width digits and punctuation are normalised later, by the parser.

use super::{err, too_large, InputError, MAX_BYTES};

/// True for a file with nothing in it but whitespace (and a byte-order mark).
pub fn is_blank(bytes: &[u8]) -> bool {
    let b = bytes
        .strip_prefix(&[0xEF, 0xBB, 0xBF])
        .or_else(|| bytes.strip_prefix(&[0xFF, 0xFE]))
        .or_else(|| bytes.strip_prefix(&[0xFE, 0xFF]))
        .unwrap_or(bytes);
    b.iter().all(|c| c.is_ascii_whitespace() || *c == 0)
}

/// What a binary file is, by its first bytes.
fn binary_kind(bytes: &[u8]) -> Option<Binary> {
    const MAGIC: &[(&[u8], Binary)] = &[
        (b"\x89PNG", Binary::new("PNG 图片", "a PNG image")),
        (b"\xFF\xD8\xFF", Binary::new("JPEG 图片", "a JPEG image")),
        (b"GIF8", Binary::new("GIF 图片", "a GIF image")),
        (b"II*\0", Binary::new("TIFF 图片", "a TIFF image")),
        (b"MM\0*", Binary::new("TIFF 图片", "a TIFF image")),
        (b"Rar!\x1A\x07", Binary::new("RAR 压缩包", "a RAR archive")),
        (b"7z\xBC\xAF\x27\x1C", Binary::new("7z 压缩包", "a 7z archive")),
        (b"\x1F\x8B", Binary::new("gzip 压缩文件", "a gzip file")),
        (b"\x7FELF", Binary::new("程序文件", "an executable")),
        (b"MZ", Binary::new("程序文件", "an executable")),
        (
            b"{\\rtf",
            Binary {
                zh: "RTF 文档",
                en: "an RTF document",
                advice: Some((
                    "请另存为 .docx 或复制文字后粘贴",
                    "save it as .docx, or copy the text and paste it",
                )),
            },
        ),
        (
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
            Binary::new("旧版 Office 文件（.xls/.doc）", "an old Office file (.xls/.doc)"),
        ),
    ];
    if bytes.starts_with(b"RIFF") && bytes.len() >= 12 {
        return Some(Binary::new("图片或音视频文件", "an image, audio or video file"));
    }
    MAGIC.iter().find(|(m, _)| bytes.starts_with(m)).map(|(_, b)| *b)
}

/// A kind of binary file, named in the message for a file that is not text.
#[derive(Clone, Copy)]
struct Binary {
    zh: &'static str,
    en: &'static str,
    /// What to do instead (zh, en), when there is something better than “cannot be read”.
    advice: Option<(&'static str, &'static str)>,
}

impl Binary {
    const fn new(zh: &'static str, en: &'static str) -> Binary {
        Binary { zh, en, advice: None }
    }
}

/// `这不是文本文件，而是 PNG 图片，无法读取` / `not a text file but a PNG image; it cannot be
/// read` (a space between Chinese and a Latin word, none before Chinese).
fn not_text(name: &str, kind: Option<Binary>) -> InputError {
    match kind {
        Some(b) => {
            let space = if b.zh.starts_with(|c: char| c.is_ascii()) {
                " "
            } else {
                ""
            };
            let (zh_tail, en_tail) = match b.advice {
                Some((zh, en)) => (format!("；{zh}"), format!("; {en}")),
                None => (String::new(), String::new()),
            };
            err(
                format!("{name}：这不是文本文件，而是{space}{}，无法读取{zh_tail}", b.zh),
                format!("{name}: not a text file but {}; it cannot be read{en_tail}", b.en),
            )
        }
        None => err(
            format!("{name}：这不是文本文件（含二进制内容），无法读取"),
            format!("{name}: not a text file (it has binary content); it cannot be read"),
        ),
    }
}

/// Decodes a text file: UTF-8 (with or without BOM), UTF-16 (with BOM, or recognised by
/// where its zero bytes fall) and, with feature `gbk`, GB18030/GBK. Recognises formats that
/// are not text (PDF, zip-based Office files, images, other binaries) and says so.
pub fn decode_text(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    let text = decode(name, bytes)?;
    // line ends of old Macs: a carriage return alone ends a line
    if text.contains('\r') && !text.contains('\n') {
        return Ok(text.replace('\r', "\n"));
    }
    Ok(text)
}

fn decode(name: &str, bytes: &[u8]) -> Result<String, InputError> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large(name, bytes.len() as u64));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(err(
            format!("{name}：这是 PDF 文件，当前版本只能读取文本；请在 PDF 阅读器中全选复制文字后粘贴"),
            format!("{name}: this is a PDF; this version reads text only — select all text in a PDF viewer and paste it"),
        ));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(err(
            format!("{name}：这是 Excel/Word（zip）文件，当前版本只能读取文本；请复制表格内容后粘贴"),
            format!("{name}: this is an Excel/Word (zip) file; this version reads text only — copy the table and paste it"),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(name, rest, 3);
    }
    // UTF-32 (its byte-order mark starts like UTF-16's)
    for (bom, le) in [(&[0xFF, 0xFE, 0, 0], true), (&[0, 0, 0xFE, 0xFF], false)] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return utf32(rest, le).ok_or_else(|| {
                err(
                    format!("{name}：UTF-32 编码损坏，无法读取"),
                    format!("{name}: broken UTF-32 text"),
                )
            });
        }
    }
    if let Some(s) = utf32_guess(bytes) {
        return Ok(s);
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let le = bytes[0] == 0xFF;
        return utf16(&bytes[2..], le).ok_or_else(|| {
            err(
                format!("{name}：UTF-16 编码损坏，无法读取"),
                format!("{name}: broken UTF-16 text"),
            )
        });
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(not_text(name, Some(kind)));
    }
    if let Some(le) = utf16_guess(bytes) {
        if let Some(s) = utf16(bytes, le).filter(|s| plausible(s)) {
            return Ok(s);
        }
    }
    utf8(name, bytes, 0)
}

fn utf32(bytes: &[u8], le: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(4) {
        return None;
    }
    bytes
        .chunks_exact(4)
        .map(|c| {
            let b = [c[0], c[1], c[2], c[3]];
            char::from_u32(if le {
                u32::from_le_bytes(b)
            } else {
                u32::from_be_bytes(b)
            })
        })
        .collect()
}

/// UTF-32 without a byte-order mark: every unit a character, and the text plausible.
fn utf32_guess(bytes: &[u8]) -> Option<String> {
    if bytes.len() < 16 || !bytes.len().is_multiple_of(4) {
        return None;
    }
    // the high byte of every unit is zero: at offset 3 (LE) or 0 (BE)
    let le = bytes.iter().skip(3).step_by(4).all(|b| *b == 0);
    let be = bytes.iter().step_by(4).all(|b| *b == 0);
    if le == be {
        return None;
    }
    utf32(bytes, le).filter(|s| plausible(s))
}

fn utf16(bytes: &[u8], le: bool) -> Option<String> {
    let units: Vec<u16> = bytes
        .chunks(2)
        .filter(|c| c.len() == 2)
        .map(|c| {
            if le {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        })
        .collect();
    String::from_utf16(&units).ok()
}

/// UTF-16 without a byte-order mark: text with any ASCII in it (digits, tabs, line breaks)
/// has zero bytes in the high half of those characters, so they fall on odd offsets (LE) or
/// even offsets (BE) far more often than on the others. Returns `Some(little_endian)`.
fn utf16_guess(bytes: &[u8]) -> Option<bool> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    let pairs = sample.len() / 2;
    if pairs < 4 {
        return None;
    }
    let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    // at least one character in twenty is ASCII, and zeros on the other side are rare
    // (characters such as 一 U+4E00 put a zero there)
    if odd * 20 >= pairs && even * 4 <= odd {
        Some(true)
    } else if even * 20 >= pairs && odd * 4 <= even {
        Some(false)
    } else {
        None
    }
}

/// True when decoded text reads as a document: no control characters but tab, line breaks
/// and form feeds, no replacement characters, and mostly ASCII, CJK and common symbols.
pub fn plausible(s: &str) -> bool {
    let mut n = 0usize;
    let mut odd = 0usize;
    for c in s.chars() {
        n += 1;
        let ok = match c as u32 {
            0x09 | 0x0A | 0x0C | 0x0D => true,
            0x00..=0x1F | 0x7F..=0x9F | 0xFFFD => return false,
            0x20..=0x7E | 0xA0..=0x24F => true,
            0x2000..=0x2BFF => true, // punctuation, letterlike, numbers, arrows, maths, boxes, symbols
            0x2E80..=0x33FF => true, // CJK radicals, symbols and punctuation, kana, bopomofo, compatibility
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => true,
            0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0xFEFF => true,
            _ => false,
        };
        if !ok {
            odd += 1;
        }
    }
    odd * 50 <= n
}

/// `bytes` as UTF-8; `skip` bytes (a byte-order mark) came before them in the file.
fn utf8(name: &str, bytes: &[u8], skip: usize) -> Result<String, InputError> {
    let nul = bytes.iter().take(8192).filter(|b| **b == 0).count();
    if nul > 0 {
        return Err(not_text(name, None));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            // a stray control character (Word's manual line break \u{b}) is fine; many are not
            let head = s.chars().take(4096);
            let controls = head
                .clone()
                .filter(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{b}' | '\u{c}'))
                .count();
            if controls * 100 > head.count() {
                return Err(not_text(name, None));
            }
            Ok(s.to_string())
        }
        Err(e) => match damaged_utf8(name, bytes, skip) {
            Some(damaged) => Err(damaged),
            None => not_utf8(name, bytes, e.valid_up_to()),
        },
    }
}

/// UTF-8 text with a flaw: a character cut at the end (a truncated download) or a few bad
/// bytes in text that is otherwise UTF-8 with many non-ASCII characters (GBK text breaks
/// UTF-8 at nearly every Chinese character). The message gives the first bad byte's offset.
fn damaged_utf8(name: &str, bytes: &[u8], skip: usize) -> Option<InputError> {
    let mut bad = 0usize;
    let mut first: Option<(usize, Option<u8>)> = None;
    let mut multibyte = 0usize;
    let mut at = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        at += chunk.valid().len();
        let invalid = chunk.invalid();
        if let Some(&b) = invalid.first() {
            bad += 1;
            // the start of a character cut short: at the end of the file, a truncation;
            // elsewhere the byte after it is the bad one
            let lead = (0xC2..=0xF4).contains(&b);
            let end = at + invalid.len();
            let culprit = match bytes.get(end) {
                None if lead => (at, None),
                Some(&next) if lead => (end, Some(next)),
                _ => (at, Some(b)),
            };
            first.get_or_insert(culprit);
            at = end;
        }
        if bad > 3 {
            return None;
        }
    }
    let (offset, byte) = first?;
    let offset = offset + skip;
    let truncated = bad == 1 && byte.is_none() && multibyte >= 1;
    if !truncated && multibyte < 8 * bad {
        return None;
    }
    Some(match byte {
        None => err(
            format!("{name}：UTF-8 文本在偏移 {offset} 字节处的最后一个字符不完整，文件可能被截断（下载中断）；请重新获取完整的文件"),
            format!("{name}: the UTF-8 text ends in an incomplete character at byte offset {offset}; the file may be truncated (an interrupted download) — get the complete file again"),
        ),
        Some(b) => err(
            format!("{name}：UTF-8 文本在偏移 {offset} 字节处有无效字节 0x{b:02X}，文件可能已损坏或被截断；请重新获取文件，或另存为 UTF-8 后再试"),
            format!("{name}: the UTF-8 text has an invalid byte 0x{b:02X} at byte offset {offset}; the file may be damaged or truncated — get it again, or re-save it as UTF-8"),
        ),
    })
}

#[cfg(feature = "gbk")]
fn not_utf8(name: &str, bytes: &[u8], _valid: usize) -> Result<String, InputError> {
    match encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(s) if plausible(&s) => Ok(s.into_owned()),
        _ => Err(err(
            format!("{name}：无法识别文本编码（不是 UTF-8、UTF-16 或 GBK/GB18030），或不是文本文件"),
            format!("{name}: unknown text encoding (not UTF-8, UTF-16 or GBK/GB18030), or not a text file"),
        )),
    }
}

#[cfg(not(feature = "gbk"))]
fn not_utf8(name: &str, _bytes: &[u8], valid: usize) -> Result<String, InputError> {
    Err(err(
        format!(
            "{name}：不是 UTF-8 文本（第 {} 字节起无法解码），可能是 GBK 编码；请另存为 UTF-8 后再试",
            valid + 1
        ),
        format!(
            "{name}: not UTF-8 text (undecodable from byte {}); it may be GBK — save it as UTF-8 and retry",
            valid + 1
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn decodes_and_refuses() {
        assert_eq!(decode_text("a", "收入".as_bytes()).unwrap(), "收入");
        assert_eq!(decode_text("a", b"\xEF\xBB\xBFok").unwrap(), "ok");
        assert_eq!(decode_text("a", &[0xFF, 0xFE, 0x36, 0x65]).unwrap(), "收");
        assert!(decode_text("a.pdf", b"%PDF-1.7")
            .unwrap_err()
            .message_zh
            .contains("PDF"));
        assert!(decode_text("a", b"ab\0cd").is_err());
    }

    #[test]
    fn utf16_without_bom() {
        let text = "一般公共预算支出表\n单位：万元\n合计\t347.90\n";
        assert_eq!(decode_text("a", &utf16le(text)).unwrap(), text);
        assert_eq!(decode_text("a", &utf16be(text)).unwrap(), text);
        let mut bom = vec![0xFE, 0xFF];
        bom.extend(utf16be(text));
        assert_eq!(decode_text("a", &bom).unwrap(), text);
    }

    #[test]
    fn binaries_are_named() {
        let e = decode_text("image.bin", &[0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]).unwrap_err();
        assert_eq!(e.message_zh, "image.bin：这不是文本文件，而是 PNG 图片，无法读取");
        assert_eq!(
            e.message_en,
            "image.bin: not a text file but a PNG image; it cannot be read"
        );
        let e = decode_text("a.exe", b"\x7FELF\x02\x01\x01\0").unwrap_err();
        assert_eq!(e.message_zh, "a.exe：这不是文本文件，而是程序文件，无法读取");
        let e = decode_text("a.rtf", b"{\\rtf1\\ansi").unwrap_err();
        assert_eq!(
            e.message_zh,
            "a.rtf：这不是文本文件，而是 RTF 文档，无法读取；请另存为 .docx 或复制文字后粘贴"
        );
        let e = decode_text("x.txt", &[0x01, 0x02, 0x03, 0x1b, 0x7f, 0x05]).unwrap_err();
        assert!(e.message_zh.contains("不是文本文件"), "{e:?}");
        let e = decode_text("x.txt", b"\x00\x00\x00\x01\x00\x02").unwrap_err();
        assert!(e.message_en.contains("not a text file"));
        let e = decode_text("x.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).unwrap_err();
        assert!(e.message_zh.contains("旧版 Office"), "{e:?}");
    }

    #[cfg(feature = "gbk")]
    #[test]
    fn gbk() {
        // 部门预算 in GBK
        let b = [0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3];
        assert_eq!(decode_text("gbk.txt", &b).unwrap(), "部门预算");
        // GB18030 four-byte sequence: € is A2 E3 in GB18030
        assert_eq!(decode_text("a", &[0x31, 0xA2, 0xE3]).unwrap(), "1€");
        let e = decode_text("x.txt", &[0x81, 0x30, 0xff, 0xfe, 0x80]).unwrap_err();
        assert!(e.message_zh.contains("无法识别文本编码"), "{e:?}");
    }

    #[cfg(not(feature = "gbk"))]
    #[test]
    fn gbk_refused_without_the_feature() {
        let b = [0xb2, 0xbf, 0xc3, 0xc5, 0xd4, 0xa4, 0xcb, 0xe3];
        let e = decode_text("gbk.txt", &b).unwrap_err();
        assert!(e.message_zh.contains("GBK") && e.message_en.contains("UTF-8"));
    }
}
