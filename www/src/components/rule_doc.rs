//! A rule's documentation (its rustdoc, captured by the core) shown under a finding.
//! Renders the small Markdown subset the docs use: `## ` headings, paragraphs, `code`.

use yew::prelude::*;

/// Inline `code` spans of one paragraph.
fn inline(text: &str) -> Html {
    let parts: Vec<Html> = text
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{part.to_string()}</code> }
            } else {
                html! { {part.to_string()} }
            }
        })
        .collect();
    html! { <>{ for parts }</> }
}

/// Joins wrapped lines: a space between Latin words, none between Chinese characters.
fn join_lines(lines: &[&str]) -> String {
    let mut out = String::new();
    for l in lines {
        let cjk_seam = out.chars().last().is_some_and(|c| !c.is_ascii())
            && l.chars().next().is_some_and(|c| !c.is_ascii());
        if !out.is_empty() && !cjk_seam {
            out.push(' ');
        }
        out.push_str(l);
    }
    out
}

/// Markdown (rule docs) → HTML.
pub fn render(docs: &str) -> Html {
    let mut blocks: Vec<Html> = Vec::new();
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, blocks: &mut Vec<Html>| {
        if !para.is_empty() {
            let text = join_lines(para);
            blocks.push(html! { <p>{inline(&text)}</p> });
            para.clear();
        }
    };
    for raw in docs.lines() {
        let line = raw.strip_prefix(' ').unwrap_or(raw).trim_end();
        if let Some(h) = line.strip_prefix("## ").or_else(|| line.strip_prefix("# ")) {
            flush(&mut para, &mut blocks);
            blocks.push(html! { <h4>{h.to_string()}</h4> });
        } else if line.trim().is_empty() {
            flush(&mut para, &mut blocks);
        } else {
            para.push(line.trim());
        }
    }
    flush(&mut para, &mut blocks);
    html! { <div class="rule-doc-body">{ for blocks }</div> }
}

#[cfg(test)]
mod tests {
    use super::join_lines;

    #[test]
    fn joins_wrapped_lines() {
        assert_eq!(join_lines(&["合计 =", "基本支出"]), "合计 = 基本支出");
        assert_eq!(join_lines(&["合计等于", "分项之和"]), "合计等于分项之和");
        assert_eq!(join_lines(&["In every", "row"]), "In every row");
    }
}
