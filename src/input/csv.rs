//! CSV (comma-separated values, as Excel and budget systems export them) → tab-separated
//! rows. Quoted fields may hold commas, doubled quotes and line breaks.

use super::grid::Grid;

/// True when a text should be read as CSV: a `.csv` file, or a text without tabs whose
/// lines (three or more) all have the same number (three or more) of comma-separated fields,
/// as Excel writes them.
pub fn looks_like_csv(name: &str, text: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".csv") {
        return true;
    }
    if lower.ends_with(".tsv") || text.contains('\t') {
        return false;
    }
    let rows = records(text, 200);
    let counts: Vec<usize> = rows
        .iter()
        .filter(|r| r.iter().any(|f| !f.trim().is_empty()))
        .map(Vec::len)
        .collect();
    counts.len() >= 3 && counts[0] >= 3 && counts.iter().all(|&n| n == counts[0])
}

/// Splits CSV text into records of fields (at most `limit` records; 0 = all).
fn records(text: &str, limit: usize) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    quoted = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                at_start = false;
            }
            ',' => {
                row.push(std::mem::take(&mut field));
                at_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                row.push(std::mem::take(&mut field));
                out.push(std::mem::take(&mut row));
                at_start = true;
                if limit > 0 && out.len() >= limit {
                    return out;
                }
            }
            c => {
                field.push(c);
                at_start = false;
            }
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        out.push(row);
    }
    out
}

/// CSV text as tab-separated rows (one line per record; line breaks inside a field are
/// joined, tabs inside a field become spaces).
pub fn csv_to_tsv(text: &str) -> String {
    let mut grid = Grid::new();
    for (r, rec) in records(text, 0).into_iter().enumerate() {
        for (c, f) in rec.iter().enumerate() {
            grid.set(r as u32, c as u32, f, false);
        }
    }
    let mut out = String::new();
    grid.render(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_line_breaks() {
        let csv =
            "一般公共预算支出表,,\r\n科目,\"本年\n预算\",备注\r\n合计,\"1,234.50\",\"说\"\"明\"\"\"\r\n";
        assert_eq!(
            csv_to_tsv(csv),
            "一般公共预算支出表\t\n科目\t本年预算\t备注\n合计\t1,234.50\t说\"明\"\n"
        );
    }

    #[test]
    fn sniffing() {
        assert!(looks_like_csv("a.CSV", "x"));
        assert!(looks_like_csv("stdin", "a,b,c\n1,2,3\n4,5,6\n"));
        assert!(!looks_like_csv("stdin", "a,b,c\n1,2\n4,5,6\n"));
        assert!(!looks_like_csv(
            "a.txt",
            "收入 1,234.50 2,345.60\n合计 3,580.10\n支出 1,000.00\n"
        ));
        assert!(!looks_like_csv("a.txt", "a,b,c\td\n1,2,3\n4,5,6\n"));
    }
}
