//! The input: a large textarea for pasted text (a table pasted from a web page or Word is
//! read from its HTML), a file picker for one or several files (also dropped anywhere on the
//! page), the sample button, the reader's progress and notes, and the error shown when a
//! file cannot be read.

use suanpan::input::{InputError, InputWarning};
use wasm_bindgen::JsCast;
use web_sys::{FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::state::{Reading, PASTED};

/// What the file picker accepts (the reader decides from the bytes, not the name).
pub const ACCEPT: &str = ".pdf,.xlsx,.xls,.xlsb,.et,.ods,.docx,.doc,.wps,.html,.htm,.csv,.tsv,.txt,.md,.json,application/pdf,text/plain,text/csv,text/html,application/json";

/// A table pasted as HTML, and where it goes in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastedHtml {
    /// The clipboard's `text/html`.
    pub html: String,
    /// The selection it replaces (UTF-16 offsets, as the textarea counts).
    pub start: u32,
    /// End of the selection.
    pub end: u32,
}

/// Every file of a list.
pub fn files_of(files: Option<FileList>) -> Vec<web_sys::File> {
    let Some(list) = files else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// A file input's `change`: its files (if any) go to `to`, and the input is emptied so that
/// the same file or folder can be picked again.
fn picked(to: Callback<Vec<web_sys::File>>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
            let files = files_of(input.files());
            if !files.is_empty() {
                to.emit(files);
            }
            input.set_value("");
        }
    })
}

/// Props of [`InputPanel`].
#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    /// Current language.
    pub lang: Lang,
    /// The text shown.
    pub text: String,
    /// Where it came from.
    pub source: String,
    /// True when the text is the built-in sample.
    pub is_sample: bool,
    /// The last file that could not be read.
    pub error: Option<InputError>,
    /// The textarea (the app selects lines in it).
    pub textarea: NodeRef,
    /// Text typed or pasted.
    pub on_edit: Callback<String>,
    /// Files picked.
    pub on_files: Callback<Vec<web_sys::File>>,
    /// A folder picked (its files, each with its `webkitRelativePath`).
    pub on_folder: Callback<Vec<web_sys::File>>,
    /// A table pasted as HTML.
    pub on_paste_html: Callback<PastedHtml>,
    /// Files being read.
    pub reading: Option<Reading>,
    /// What the reader noticed about the files shown.
    pub notes: Vec<InputWarning>,
    /// "载入示例".
    pub on_sample: Callback<()>,
    /// "清空" (asks first).
    pub on_clear: Callback<()>,
    /// "Clear" waits for confirmation.
    pub confirm_clear: bool,
    /// Clearing confirmed.
    pub on_confirm_clear: Callback<()>,
    /// Clearing declined.
    pub on_cancel_clear: Callback<()>,
    /// The reopened report's file name, when a saved report is shown.
    pub opened_report: Option<String>,
    /// Close the error message.
    pub on_dismiss: Callback<()>,
}

/// The input panel.
#[component]
pub fn InputPanel(props: &InputPanelProps) -> Html {
    let lang = props.lang;

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() {
                on_edit.emit(t.value());
            }
        })
    };
    let onchange = picked(props.on_files.clone());
    let on_folder_change = picked(props.on_folder.clone());
    let onpaste = {
        let on_paste_html = props.on_paste_html.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else {
                return;
            };
            let html = e
                .clipboard_data()
                .and_then(|d| d.get_data("text/html").ok())
                .unwrap_or_default();
            // only tables: other HTML pastes as the plain text the browser gives
            if !html.to_ascii_lowercase().contains("<table") {
                return;
            }
            let Some(t) = e.target_dyn_into::<HtmlTextAreaElement>() else {
                return;
            };
            let start = t.selection_start().ok().flatten().unwrap_or(0);
            let end = t.selection_end().ok().flatten().unwrap_or(start);
            e.prevent_default();
            on_paste_html.emit(PastedHtml { html, start, end });
        })
    };
    let on_sample = props.on_sample.reform(|_: MouseEvent| ());
    let on_clear = props.on_clear.reform(|_: MouseEvent| ());
    let on_dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let on_confirm = props.on_confirm_clear.reform(|_: MouseEvent| ());
    let on_cancel = props.on_cancel_clear.reform(|_: MouseEvent| ());
    let on_confirm_key = {
        let cancel = props.on_cancel_clear.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                cancel.emit(());
            }
        })
    };
    // Move the focus to the confirmation when it appears (keyboard users land on it).
    let confirm_ref = use_node_ref();
    {
        let confirm_ref = confirm_ref.clone();
        use_effect_with(props.confirm_clear, move |open| {
            if *open {
                if let Some(b) = confirm_ref.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }

    let lines = if props.text.is_empty() {
        0
    } else {
        props.text.lines().count()
    };
    let source = if let Some(name) = &props.opened_report {
        match lang {
            Lang::Zh => format!("已保存的报告 {name}（没有原文）"),
            Lang::En => format!("saved report {name} (no source text)"),
        }
    } else if props.text.is_empty() {
        tr(lang, "（空）", "(empty)").to_string()
    } else if props.is_sample {
        tr(
            lang,
            "示例：新疆独山子区委网信办 2019 年部门预算",
            "Sample: Dushanzi (Xinjiang) cyberspace office, 2019 budget",
        )
        .to_string()
    } else if props.source == PASTED {
        tr(lang, "粘贴的文本", "pasted text").to_string()
    } else {
        props.source.clone()
    };

    html! {
        <section class="panel input-panel" aria-labelledby="input-heading">
            <h2 id="input-heading">{tr(lang, "公开文件文本", "Disclosure text")}</h2>
            <p class="hint" id="input-hint">
                {tr(lang,
                    "打开公开文件（PDF、Excel .xlsx/.xls/.xlsb、WPS .et/.wps、.ods、Word .docx/.doc、网页 .html、.csv 或文本文件；可一次选多个文件，合并为一份核对，例如分开发布的情况说明和表格），或把文件拖到本页；也可以粘贴从 PDF 阅读器、网页、Word 或 Excel 复制的文字和表格。文件只在本机浏览器中读取和核对，不会上传。",
                    "Open the disclosure (PDF, Excel .xlsx/.xls/.xlsb, WPS .et/.wps, .ods, Word .docx/.doc, web page .html, .csv or text; pick several files to check them as one document, such as a narrative and its tables published separately), or drop the files on this page; or paste text and tables copied from a PDF viewer, a web page, Word or Excel. Files are read and checked in this browser only and never uploaded.")}
            </p>
            <div class="toolbar">
                <input
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    multiple=true
                    accept={ACCEPT}
                    data-testid="file-input"
                    {onchange}
                />
                <label for="file-input" class="button primary">{tr(lang, "打开文件…", "Open files…")}</label>
                <input
                    id="folder-input"
                    class="visually-hidden"
                    type="file"
                    multiple=true
                    webkitdirectory=true
                    data-testid="folder-input"
                    onchange={on_folder_change}
                />
                <label for="folder-input" class="button" title={tr(lang, "一个文件夹中的全部公开文件：逐个核对并跨文件核对（在本机完成）", "Every disclosure in a folder: each checked, and checked against each other (on this computer)")}>
                    {tr(lang, "批量核对文件夹…", "Check a folder…")}</label>
                <button type="button" class="button" data-testid="load-sample" onclick={on_sample}>
                    {tr(lang, "载入示例", "Load sample")}
                </button>
                <button type="button" class="button subtle" data-testid="clear" onclick={on_clear}
                    aria-expanded={props.confirm_clear.to_string()} aria-controls="clear-confirm">
                    {tr(lang, "清空", "Clear")}
                </button>
            </div>
            if props.confirm_clear {
                <div class="confirm" id="clear-confirm" role="alertdialog" aria-labelledby="clear-confirm-text"
                    data-testid="clear-confirm" onkeydown={on_confirm_key}>
                    <p id="clear-confirm-text">
                        {tr(lang, "清空文本和核对结果？本机保存的文本也会删除，无法恢复。", "Clear the text and the result? The copy saved in this browser is deleted too; this cannot be undone.")}
                    </p>
                    <div class="confirm-buttons">
                        <button type="button" class="button danger" data-testid="clear-yes" ref={confirm_ref} onclick={on_confirm}>
                            {tr(lang, "清空", "Clear")}
                        </button>
                        <button type="button" class="button" data-testid="clear-no" onclick={on_cancel}>
                            {tr(lang, "取消", "Cancel")}
                        </button>
                    </div>
                </div>
            }
            if let Some(r) = &props.reading {
                <div class="reading" role="status" data-testid="reading">
                    <span class="spinner" aria-hidden="true"></span>
                    <span>{reading_text(lang, r)}</span>
                    if let Some(p) = r.progress.as_ref().filter(|p| p.pages > 0) {
                        <progress max={p.pages.to_string()} value={p.page.to_string()}
                            aria-label={tr(lang, "已读取的页数", "pages read")}></progress>
                    }
                </div>
            }
            if !props.notes.is_empty() {
                <ul class="input-notes" data-testid="input-notes" aria-label={tr(lang, "读取文件时的提示", "Notes on reading the files")}>
                    { for props.notes.iter().map(|n| html! {
                        <li data-code={n.code.clone()}>{match lang { Lang::Zh => &n.message_zh, Lang::En => &n.message_en }}</li>
                    }) }
                </ul>
            }
            if let Some(err) = &props.error {
                <div class="input-error" role="alert" data-testid="input-error">
                    <div class="input-error-text">
                        <p lang="zh-CN">{&err.message_zh}</p>
                        <p lang="en">{&err.message_en}</p>
                        <p class="kept">{tr(lang, "当前文本保持不变。", "The current text is kept.")}</p>
                    </div>
                    <button type="button" class="close" aria-label={tr(lang, "关闭提示", "Dismiss")} onclick={on_dismiss}>
                        {"×"}
                    </button>
                </div>
            }
            <label for="source-text" class="visually-hidden">{tr(lang, "公开文件文本", "Disclosure text")}</label>
            <textarea
                id="source-text"
                ref={props.textarea.clone()}
                data-testid="source-text"
                aria-describedby="input-hint"
                spellcheck="false"
                autocomplete="off"
                wrap="off"
                placeholder={tr(lang, "在此粘贴部门预算或决算公开文件的文字……", "Paste the text of a department budget or final-account disclosure here…")}
                value={props.text.clone()}
                {oninput}
                {onpaste}
            />
            <p class="source-line" data-testid="source-name">
                {tr(lang, "来源：", "Source: ")}<span class="source-name">{source}</span>
                {" · "}{lines}{tr(lang, " 行", " lines")}
            </p>
        </section>
    }
}

/// "正在读取 a.pdf（2/3），第 12/30 页…"
fn reading_text(lang: Lang, r: &Reading) -> String {
    let Some(p) = &r.progress else {
        return match lang {
            Lang::Zh => format!("正在读取 {}…", r.names.join("、")),
            Lang::En => format!("Reading {}…", r.names.join(", ")),
        };
    };
    let (of_zh, of_en) = if p.files > 1 {
        (
            format!("（{}/{}）", p.file + 1, p.files),
            format!(" ({}/{})", p.file + 1, p.files),
        )
    } else {
        (String::new(), String::new())
    };
    match (lang, p.pages) {
        (Lang::Zh, 0) => format!("正在读取 {}{of_zh}…", p.name),
        (Lang::Zh, n) => format!("正在读取 {}{of_zh}，第 {}/{n} 页…", p.name, p.page),
        (Lang::En, 0) => format!("Reading {}{of_en}…", p.name),
        (Lang::En, n) => format!("Reading {}{of_en}, page {}/{n}…", p.name, p.page),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::worker::ReadProgress;

    #[test]
    fn reading_progress_in_words() {
        let mut r = Reading {
            names: vec!["a.pdf".into(), "b.xlsx".into()],
            progress: None,
        };
        assert_eq!(reading_text(Lang::Zh, &r), "正在读取 a.pdf、b.xlsx…");
        assert_eq!(reading_text(Lang::En, &r), "Reading a.pdf, b.xlsx…");
        r.progress = Some(ReadProgress {
            file: 0,
            files: 2,
            name: "a.pdf".into(),
            page: 12,
            pages: 30,
        });
        assert_eq!(reading_text(Lang::Zh, &r), "正在读取 a.pdf（1/2），第 12/30 页…");
        assert_eq!(reading_text(Lang::En, &r), "Reading a.pdf (1/2), page 12/30…");
        r.progress = Some(ReadProgress {
            file: 0,
            files: 1,
            name: "b.xlsx".into(),
            page: 0,
            pages: 0,
        });
        assert_eq!(reading_text(Lang::Zh, &r), "正在读取 b.xlsx…");
    }
}
