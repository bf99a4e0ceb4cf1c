//! Little-endian numbers at an offset of a byte slice, for the binary readers (zip, OLE,
//! .xls, .xlsb, .doc): `None` when the bytes do not reach that far, never a panic.

/// A `u16` at `i`.
pub fn u16_at(b: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(i..i.checked_add(2)?)?.try_into().ok()?))
}

/// A `u32` at `i`.
pub fn u32_at(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(i..i.checked_add(4)?)?.try_into().ok()?))
}

/// A `u64` at `i`.
#[cfg(any(
    feature = "xlsx",
    feature = "docx",
    feature = "ods",
    feature = "xlsb",
    feature = "pdf",
    feature = "xls"
))]
pub fn u64_at(b: &[u8], i: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(i..i.checked_add(8)?)?.try_into().ok()?))
}

/// An `f64` at `i`.
#[cfg(any(feature = "xls", feature = "xlsb"))]
pub fn f64_at(b: &[u8], i: usize) -> Option<f64> {
    u64_at(b, i).map(f64::from_bits)
}
