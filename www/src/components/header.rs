//! Title bar with the language toggle.

use yew::prelude::*;

use crate::i18n::{tr, Lang};

/// Props of [`Header`].
#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    /// Current language.
    pub lang: Lang,
    /// Asks for the other language.
    pub on_lang: Callback<Lang>,
}

/// The page header.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = props.lang;
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let onclick = props.on_lang.reform(move |_: MouseEvent| other);
    html! {
        <header class="topbar">
            <div class="brand">
                <span class="logo" aria-hidden="true">{"算"}</span>
                <div>
                    <h1>{tr(lang, "算盘 · 预算公开核对", "Suanpan · budget disclosure checker")}</h1>
                    <p class="tagline">
                        {tr(lang,
                            "把部门预算、决算公开文件的表格逐项重新加总，找出对不上的数字。",
                            "Re-adds every table of a department budget or final-account disclosure and shows the numbers that do not add up.")}
                    </p>
                </div>
            </div>
            <button
                type="button"
                class="lang-toggle"
                data-testid="lang-toggle"
                lang={crate::i18n::html_lang(other)}
                aria-label={tr(lang, "English: 切换到英文界面", "中文: switch to Chinese")}
                {onclick}
            >
                {tr(lang, "English", "中文")}
            </button>
        </header>
    }
}
