//! Remembers the last text and the language in `localStorage`, so a reload keeps the
//! user's document. Everything here fails silently: storage may be disabled or full, and
//! that must never break checking. Off the browser (native tests) nothing is stored.

use crate::i18n::Lang;

const TEXT_KEY: &str = "suanpan.text";
const SOURCE_KEY: &str = "suanpan.source";
const LANG_KEY: &str = "suanpan.lang";

/// Texts longer than this (in bytes) are not remembered.
pub const MAX_SAVED: usize = 2 * 1024 * 1024;

/// What a previous visit left.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Saved {
    /// Source name and text, when a text was saved.
    pub document: Option<(String, String)>,
    /// The language chosen.
    pub lang: Option<Lang>,
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads what a previous visit saved.
pub fn load() -> Saved {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(s) = storage() else {
            return Saved::default();
        };
        let get = |k: &str| s.get_item(k).ok().flatten();
        let document = match (get(SOURCE_KEY), get(TEXT_KEY)) {
            (Some(source), Some(text)) => Some((source, text)),
            _ => None,
        };
        let lang = get(LANG_KEY).map(|l| if l == "en" { Lang::En } else { Lang::Zh });
        Saved { document, lang }
    }
    #[cfg(not(target_arch = "wasm32"))]
    Saved::default()
}

/// Saves the current document (skipped when too large) and language.
pub fn save(source: &str, text: &str, lang: Lang) {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(s) = storage() else {
            return;
        };
        let _ = s.set_item(LANG_KEY, if lang == Lang::En { "en" } else { "zh" });
        if text.len() <= MAX_SAVED {
            let _ = s.set_item(SOURCE_KEY, source);
            if s.set_item(TEXT_KEY, text).is_err() {
                let _ = s.remove_item(TEXT_KEY);
            }
        } else {
            let _ = s.remove_item(TEXT_KEY);
        }
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (source, text, lang, TEXT_KEY, SOURCE_KEY, LANG_KEY);
}
