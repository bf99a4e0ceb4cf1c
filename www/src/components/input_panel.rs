//! The input: a large textarea for pasted text, a file picker (also drop onto the
//! textarea), the sample button and the error shown when a file cannot be read.

use suanpan::input::InputError;
use web_sys::{FileList, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::state::PASTED;

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
    /// A file picked or dropped.
    pub on_file: Callback<web_sys::File>,
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

fn first_file(files: Option<FileList>) -> Option<web_sys::File> {
    files.and_then(|f| f.get(0))
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
    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                if let Some(file) = first_file(input.files()) {
                    on_file.emit(file);
                }
                // Let the same file be picked again.
                input.set_value("");
            }
        })
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_file = props.on_file.clone();
        Callback::from(move |e: DragEvent| {
            let file = first_file(e.data_transfer().and_then(|d| d.files()));
            if let Some(file) = file {
                e.prevent_default();
                on_file.emit(file);
            }
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
                    "在 PDF 阅读器中全选复制公开文件的文字，或从 Excel 复制表格，粘贴到下面；也可以打开 .txt / .md / .csv 文件（或导出的 .json 报告），或把文件拖到框里。文本只在本机浏览器中核对，不会上传。",
                    "Copy all text of the disclosure from a PDF viewer, or a table from Excel, and paste it below; or open a .txt / .md / .csv file (or an exported .json report), or drop it on the box. The text is checked in this browser only and never uploaded.")}
            </p>
            <div class="toolbar">
                <input
                    id="file-input"
                    class="visually-hidden"
                    type="file"
                    accept=".txt,.md,.csv,.tsv,.json,text/plain,text/markdown,text/csv,application/json"
                    data-testid="file-input"
                    {onchange}
                />
                <label for="file-input" class="button primary">{tr(lang, "打开文件…", "Open file…")}</label>
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
                {ondragover}
                {ondrop}
            />
            <p class="source-line" data-testid="source-name">
                {tr(lang, "来源：", "Source: ")}<span class="source-name">{source}</span>
                {" · "}{lines}{tr(lang, " 行", " lines")}
            </p>
        </section>
    }
}
