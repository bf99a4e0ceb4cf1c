//! Small helpers over `quick-xml` for the Office readers: parts decoded to `&str`, attributes
//! by local name (namespace prefixes vary between producers: `w:`, `x:`, none), and
//! entity references, which quick-xml reports as separate events.

use std::borrow::Cow;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use quick_xml::XmlVersion;

use super::zip::Zip;
use super::Problem;

/// A part's bytes as text: UTF-8 (with or without BOM) or UTF-16 with BOM.
pub fn part_text<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, Problem> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, part);
    }
    if bytes.len() >= 2 && (bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])) {
        let le = bytes[0] == 0xFF;
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        return String::from_utf16(&units)
            .map(Cow::Owned)
            .map_err(|_| broken(part));
    }
    utf8(bytes, part)
}

fn utf8<'a>(bytes: &'a [u8], part: &str) -> Result<Cow<'a, str>, Problem> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|_| broken(part))
}

/// The error for a part that is not well-formed.
pub fn broken(part: &str) -> Problem {
    Problem::new(
        format!("文件内容已损坏（{part} 无法解析）；请用 Excel/WPS 打开后另存再试"),
        format!(
            "the file is damaged ({part} cannot be parsed); open and re-save it in Excel/WPS, then retry"
        ),
    )
}

/// The value of the attribute with this local name (any prefix), unescaped.
pub fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(XmlVersion::Implicit1_0)
                .map(Cow::into_owned)
                .unwrap_or_else(|_| a.value.into_owned())
        })
    })
}

/// The text an entity or character reference stands for (`&amp;`, `&#20013;`); unknown
/// entities are kept as written.
pub fn entity(r: &BytesRef<'_>) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name: &str = r;
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" => "'".into(),
        other => format!("&{other};"),
    }
}

/// The text an event stands for, when it is text, CDATA or an entity reference.
#[cfg(any(feature = "xlsx", feature = "ods"))]
pub fn text(ev: &Event<'_>) -> Option<String> {
    match ev {
        Event::Text(t) => Some(t.xml10_content().into_owned()),
        Event::CData(t) => Some(t.xml10_content().into_owned()),
        Event::GeneralRef(g) => Some(entity(g)),
        _ => None,
    }
}

/// True for a boolean attribute value that is on (`1`, `true`, `on`).
pub fn on(v: Option<&str>) -> bool {
    matches!(v, Some("1") | Some("true") | Some("on"))
}

/// A relationship target resolved against the directory of the part that declares it.
pub fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A package relationship.
#[derive(Debug)]
pub struct Rel {
    /// `Id`.
    pub id: String,
    /// `Type` (a URI; compared by its last segment).
    pub kind: String,
    /// `Target`.
    pub target: String,
}

/// The relationships of a `.rels` part (external targets left out).
pub fn parse_rels(xml: &str, part: &str) -> Result<Vec<Rel>, Problem> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if attr(&e, "TargetMode").is_some_and(|m| m.eq_ignore_ascii_case("External")) {
                    continue;
                }
                out.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind: attr(&e, "Type").unwrap_or_default(),
                    target: attr(&e, "Target").unwrap_or_default(),
                });
            }
            Ok(Event::Eof) => return Ok(out),
            Err(_) => return Err(broken(part)),
            _ => {}
        }
    }
}

/// The main part's path from the package relationships (`_rels/.rels`), when they name one.
pub fn office_document(zip: &Zip<'_>) -> Result<Option<String>, Problem> {
    let Some(b) = zip.read("_rels/.rels")? else {
        return Ok(None);
    };
    let rels = parse_rels(&part_text(&b, "_rels/.rels")?, "_rels/.rels")?;
    Ok(rels
        .iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| resolve("", &r.target)))
}

/// The folder of a part (`xl/` for `xl/workbook.xml`) and the part's relationships
/// (`xl/_rels/workbook.xml.rels`; none when that is missing).
#[cfg(any(feature = "xlsx", feature = "xlsb"))]
pub fn part_rels<'p>(zip: &Zip<'_>, path: &'p str) -> Result<(&'p str, Vec<Rel>), Problem> {
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    };
    let rels_path = format!("{dir}_rels/{}.rels", &path[dir.len()..]);
    let rels = match zip.read(&rels_path)? {
        Some(b) => parse_rels(&part_text(&b, &rels_path)?, &rels_path)?,
        None => Vec::new(),
    };
    Ok((dir, rels))
}

/// A sheet named by a workbook (.xlsx, .xlsb).
#[cfg(any(feature = "xlsx", feature = "xlsb"))]
pub struct SheetRef {
    /// Its name.
    pub name: String,
    /// Its relationship's id.
    pub rel: String,
    /// Hidden or very hidden.
    pub hidden: bool,
}

/// Reads the worksheets of a workbook package (.xlsx, .xlsb) in order: `read(name, path,
/// bytes, out)` for each visible one; chart and dialog sheets skipped, hidden ones noted.
#[cfg(any(feature = "xlsx", feature = "xlsb"))]
pub fn read_worksheets(
    zip: &Zip<'_>,
    dir: &str,
    rels: &[Rel],
    sheets: &[SheetRef],
    mut read: impl FnMut(&str, &str, &[u8], &mut super::Extracted) -> Result<(), Problem>,
) -> Result<super::Extracted, Problem> {
    if sheets.is_empty() {
        return Err(Problem::new(
            "Excel 文件中没有工作表",
            "the Excel file has no worksheets",
        ));
    }
    let mut out = super::Extracted::default();
    let mut hidden = Vec::new();
    let mut read_any = false;
    for sheet in sheets {
        let Some(rel) = rels.iter().find(|r| r.id == sheet.rel) else {
            continue;
        };
        if !rel.kind.ends_with("/worksheet") {
            continue; // chart sheets, dialog sheets
        }
        if sheet.hidden {
            hidden.push(sheet.name.clone());
            continue;
        }
        let path = resolve(dir, &rel.target);
        let Some(bytes) = zip.read(&path)? else {
            return Err(Problem::new(
                format!("Excel 文件已损坏：工作表“{}”缺失", sheet.name),
                format!("the Excel file is damaged: sheet \"{}\" is missing", sheet.name),
            ));
        };
        read(&sheet.name, &path, &bytes, &mut out)?;
        read_any = true;
    }
    super::hidden_sheets(&hidden, &mut out);
    if !read_any {
        return Err(Problem::new(
            "Excel 文件中没有可读取的工作表",
            "the Excel file has no worksheet that can be read",
        ));
    }
    Ok(out)
}
