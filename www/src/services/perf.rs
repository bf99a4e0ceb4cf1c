//! Performance marks and measures (read by the e2e benchmark through the Performance API).
//! Failures are ignored: timing must never break the page.

/// Sets a mark.
pub fn mark(name: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = name;
}

/// Measures from the mark `start` to now, under `name`.
pub fn measure(name: &str, start: &str) {
    #[cfg(target_arch = "wasm32")]
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.measure_with_start_mark(name, start);
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (name, start);
}
