//! A rule's documentation (its rustdoc, captured by the core) shown under a finding.
//! Renders the small Markdown subset the docs use: `## ` headings, paragraphs, `code`.

use suanpan::rules::{doc_section, join_wrapped_lines as join_lines};
use yew::prelude::*;

/// The text of one `## heading` section of a rule's docs (see [`doc_section`]).
pub fn section(docs: &str, heading: &str) -> Option<String> {
    doc_section(docs, heading)
}

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

/// The paragraph text with `code` spans rendered.
pub fn inline_text(text: &str) -> Html {
    inline(text)
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
    use super::{join_lines, section};

    #[test]
    fn joins_wrapped_lines() {
        assert_eq!(join_lines(&["合计 =", "基本支出"]), "合计 = 基本支出");
        assert_eq!(join_lines(&["合计等于", "分项之和"]), "合计等于分项之和");
        assert_eq!(join_lines(&["In every", "row"]), "In every row");
    }

    #[test]
    fn finds_a_section() {
        let docs = "## What it checks\n a\n\n## Why it matters\n 行内合计\n 不符。\n\n## Example\n x\n";
        assert_eq!(section(docs, "why it matters").as_deref(), Some("行内合计不符。"));
        assert_eq!(section(docs, "Nope"), None);
        let ar002 = suanpan::rules::find("AR002").expect("AR002");
        assert!(section(ar002.docs, "Why it matters").is_some_and(|s| s.contains("公众")));
    }
}
