//! "在原文中查看": a finding on the original PDF page or sheet. The reader worker draws the page
//! as SVG (`suanpan::pdf::render`, on demand: nothing is drawn before the user asks) — or the
//! sheet as read (`suanpan::source::draw_sheet`, for spreadsheets, Word and HTML tables); over
//! it, in the same coordinates (points), every cell of the finding there is outlined — the
//! reported total and the parts in distinct styles, with a legend — beside the finding's
//! message and arithmetic. Zoom and page navigation; a modal `<dialog>` (Escape closes it,
//! the focus stays inside).

use std::rc::Rc;

use suanpan::input::InputError;
use suanpan::report::{Finding, Location};
use suanpan::source::{Rect, Source};
use yew::prelude::*;

use crate::i18n::{role, tr, Lang};
use crate::services::worker::PageImage;

/// Asks the reader for a page: (file, 1-based page, or a sheet ("" for a PDF page) and the
/// cells to box on it, where the result goes).
pub type RenderRequest = (
    String,
    u32,
    String,
    Vec<String>,
    Callback<Result<PageImage, InputError>>,
);

/// Props of [`PageView`] (equal when they show the same finding value).
#[derive(Properties)]
pub struct PageViewProps {
    /// Current language.
    pub lang: Lang,
    /// The finding shown.
    pub finding: Rc<Finding>,
    /// Draw a page.
    pub render: Callback<RenderRequest>,
    /// Close the view.
    pub on_close: Callback<()>,
}

impl PartialEq for PageViewProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.finding, &other.finding)
            && self.render == other.render
            && self.on_close == other.on_close
    }
}

/// A cell of the finding printed on a PDF page.
#[derive(Debug, Clone, PartialEq)]
struct Placed {
    file: String,
    page: u32,
    /// The sheet ("" on a PDF page) and the cell's address there.
    sheet: String,
    cell: String,
    /// The box on a PDF page (a sheet's boxes come with its drawing).
    rect: Option<Rect>,
    role: String,
    text: String,
    label: String,
    /// A table cell boxed exactly (not a passage of the narrative, not a whole line).
    exact_cell: bool,
}

/// The finding's cells with a PDF box, in order (the likely wrong cell first).
fn placed(f: &Finding) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    for l in f.likely_wrong.iter().chain(&f.locations) {
        let cell_kind = l.kind == suanpan::report::LocationKind::Cell;
        let (file, page, sheet, cell, rect, exact) = match &l.source {
            Some(Source::Pdf {
                file,
                page,
                rect,
                exact,
            }) => (file, *page, "", "", Some(*rect), *exact),
            Some(Source::Cell { file, sheet, cell }) => (file, 0, sheet.as_str(), cell.as_str(), None, true),
            _ => continue,
        };
        let p = Placed {
            file: file.clone().unwrap_or_default(),
            page,
            sheet: sheet.to_string(),
            cell: cell.to_string(),
            rect,
            role: l.role.clone(),
            text: l.text.clone(),
            label: label(l),
            exact_cell: exact && cell_kind,
        };
        let same = |o: &Placed| {
            o.file == p.file && o.page == p.page && o.sheet == p.sheet && o.cell == p.cell && o.rect == p.rect
        };
        if !out.iter().any(same) {
            out.push(p);
        }
    }
    out
}

fn label(l: &Location) -> String {
    [l.row_label.as_str(), l.column_label.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// True when a finding has a cell on a PDF page or a sheet (the view can show it).
pub fn has_page(f: &Finding) -> bool {
    f.likely_wrong
        .iter()
        .chain(&f.locations)
        .any(|l| matches!(l.source, Some(Source::Pdf { .. } | Source::Cell { .. })))
}

/// Points in hundredths, rounded.
fn centi(v: f32) -> i64 {
    if v.is_finite() {
        (v * 100.0).round() as i64
    } else {
        0
    }
}

const ZOOMS: [u32; 7] = [50, 75, 100, 125, 150, 200, 300];

/// The style class of a cell's outline.
fn mark_class(role: &str) -> &'static str {
    match role {
        "total" => "mark-total",
        "part" => "mark-part",
        _ => "mark-other",
    }
}

/// The page view.
#[component]
pub fn PageView(props: &PageViewProps) -> Html {
    let lang = props.lang;
    let cells = placed(&props.finding);
    let first = cells
        .first()
        .map(|c| (c.file.clone(), c.page, c.sheet.clone()))
        .unwrap_or_default();
    let at = use_state(|| first);
    let zoom = use_state(|| 2usize);
    let image: UseStateHandle<Option<Result<Rc<PageImage>, InputError>>> = use_state(|| None);
    let dialog = use_node_ref();

    // open as a modal dialog (focus moves in, Escape closes, the page behind is inert)
    {
        let dialog = dialog.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                if d.show_modal().is_err() {
                    d.set_open(true);
                }
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = dialog;
        });
    }
    // draw the page shown
    {
        let image = image.clone();
        let render = props.render.clone();
        let cells = cells.clone();
        use_effect_with((*at).clone(), move |(file, page, sheet)| {
            image.set(None);
            let image = image.clone();
            // a sheet's boxes come with its drawing, in the order asked
            let boxed: Vec<String> = cells
                .iter()
                .filter(|c| !sheet.is_empty() && c.file == *file && c.sheet == *sheet)
                .map(|c| c.cell.clone())
                .collect();
            render.emit((
                file.clone(),
                *page,
                sheet.clone(),
                boxed,
                Callback::from(move |r: Result<PageImage, InputError>| image.set(Some(r.map(Rc::new)))),
            ));
        });
    }

    // bring the finding's first outline into view once the page is drawn
    use_effect_with(image.as_ref().map(|r| r.is_ok()), |drawn| {
        #[cfg(target_arch = "wasm32")]
        if *drawn == Some(true) {
            let first = gloo::utils::document()
                .query_selector("[data-testid=page-view] [data-testid=outline]")
                .ok()
                .flatten();
            if let Some(el) = first {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Center);
                opts.set_inline(web_sys::ScrollLogicalPosition::Center);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        }
        #[cfg(not(target_arch = "wasm32"))]
        let _ = drawn;
    });
    let (file, page, sheet) = (*at).clone();
    let pages = match &*image {
        Some(Ok(p)) => p.pages,
        _ => 0,
    };
    let go = |to: u32| {
        let at = at.clone();
        let file = file.clone();
        Callback::from(move |_: MouseEvent| at.set((file.clone(), to, String::new())))
    };
    // closing the dialog (not just removing it) gives the focus back to the button that
    // opened it; its `close` event then tells the app
    let close = {
        let dialog = dialog.clone();
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| {
            #[cfg(target_arch = "wasm32")]
            if let Some(d) = dialog.cast::<web_sys::HtmlDialogElement>() {
                d.close();
                return;
            }
            let _ = &dialog;
            on_close.emit(());
        })
    };
    let on_dialog_close = props.on_close.reform(|_: Event| ());
    let set_zoom = |z: usize| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(z))
    };
    let z = *zoom;
    let percent = ZOOMS[z.min(ZOOMS.len() - 1)];
    let message = match lang {
        Lang::Zh => &props.finding.message_zh,
        Lang::En => &props.finding.message_en,
    };
    let here: Vec<&Placed> = cells
        .iter()
        .filter(|c| c.file == file && c.page == page && c.sheet == sheet)
        .collect();
    let title = match lang {
        Lang::Zh if !sheet.is_empty() => format!("原表「{sheet}」"),
        _ if !sheet.is_empty() => format!("Sheet “{sheet}”"),
        Lang::Zh if pages > 0 => format!("原文第 {page} 页（共 {pages} 页）"),
        Lang::Zh => format!("原文第 {page} 页"),
        _ if pages > 0 => format!("Original page {page} of {pages}"),
        _ => format!("Original page {page}"),
    };
    let page_label = |c: &Placed| match lang {
        _ if !c.sheet.is_empty() => format!("{}!{}", c.sheet, c.cell),
        Lang::Zh => format!("第 {} 页", c.page),
        _ => format!("p. {}", c.page),
    };
    let body = match &*image {
        None => html! {
            <p class="page-status" role="status" data-testid="page-loading">
                <span class="spinner" aria-hidden="true"></span>{tr(lang, "正在绘制原文页面…", "Drawing the original page…")}
            </p>
        },
        Some(Err(e)) => html! {
            <p class="page-status error" role="alert" data-testid="page-error">
                {match lang { Lang::Zh => e.message_zh.clone(), _ => e.message_en.clone() }}
            </p>
        },
        Some(Ok(img)) => {
            // in hundredths of a point: integers only (formatting floats would cost the page's
            // wasm ~30 KB gzipped)
            let view_box = format!("0 0 {} {}", centi(img.width as f32), centi(img.height as f32));
            let svg = Html::from_html_unchecked(AttrValue::from(img.svg.clone()));
            // a page fits the dialog's width at 100 %; a sheet is drawn at its own size
            let style = if sheet.is_empty() {
                format!("width: {percent}%")
            } else {
                format!(
                    "width: {}px",
                    (img.width * 4.0 / 3.0) as i64 * i64::from(percent) / 100
                )
            };
            html! {
                <div class="page-canvas" {style} data-testid="page-canvas">
                    <div class="page-svg" aria-hidden="true">{svg}</div>
                    <svg class="page-marks" viewBox={view_box} preserveAspectRatio="none" aria-hidden="true">
                        { for here.iter().enumerate().filter_map(|(i, c)| {
                            let r = c.rect.or_else(|| {
                                let b = img.rects.get(4 * i..4 * i + 4)?;
                                b.iter().all(|v| v.is_finite()).then(|| Rect {
                                    x0: b[0] as f32,
                                    y0: b[1] as f32,
                                    x1: b[2] as f32,
                                    y1: b[3] as f32,
                                })
                            })?;
                            let pad = 1.5f32;
                            Some(html! {
                                <rect class={classes!("mark", mark_class(&c.role))} data-testid="outline"
                                    data-role={c.role.clone()} data-text={c.text.clone()} data-cell={c.exact_cell.to_string()}
                                    x={centi(r.x0 - pad).to_string()} y={centi(r.y0 - pad).to_string()}
                                    width={centi(r.x1 - r.x0 + 2.0 * pad).to_string()}
                                    height={centi(r.y1 - r.y0 + 2.0 * pad).to_string()} />
                            })
                        }) }
                    </svg>
                </div>
            }
        }
    };
    let notes = match &*image {
        Some(Ok(img)) if img.truncated => Some(tr(
            lang,
            "页面内容过多，只画出了一部分。",
            "The page holds too much to draw whole: part of it is shown.",
        )),
        _ => None,
    };
    html! {
        <dialog class="page-dialog" ref={dialog} aria-labelledby="page-view-title" data-testid="page-view"
            onclose={on_dialog_close}>
            <div class="page-head">
                <h2 id="page-view-title">{title.clone()}</h2>
                <div class="page-nav" role="group" aria-label={tr(lang, "翻页", "Pages")} hidden={!sheet.is_empty()}>
                    <button type="button" class="button small" data-testid="page-prev" disabled={page <= 1}
                        onclick={go(page.saturating_sub(1).max(1))}>{tr(lang, "上一页", "Previous")}</button>
                    <button type="button" class="button small" data-testid="page-next" disabled={pages == 0 || page >= pages}
                        onclick={go(page + 1)}>{tr(lang, "下一页", "Next")}</button>
                </div>
                <div class="page-zoom" role="group" aria-label={tr(lang, "缩放", "Zoom")}>
                    <button type="button" class="button small" data-testid="zoom-out" disabled={z == 0}
                        aria-label={tr(lang, "缩小", "Zoom out")} onclick={set_zoom(z.saturating_sub(1))}>{"−"}</button>
                    <span class="zoom-level" aria-live="polite">{format!("{percent}%")}</span>
                    <button type="button" class="button small" data-testid="zoom-in" disabled={z + 1 >= ZOOMS.len()}
                        aria-label={tr(lang, "放大", "Zoom in")} onclick={set_zoom((z + 1).min(ZOOMS.len() - 1))}>{"+"}</button>
                </div>
                <button type="button" class="button small close" data-testid="page-close" onclick={close} autofocus=true>
                    {tr(lang, "关闭", "Close")}
                </button>
            </div>
            <div class="page-body">
                <aside class="page-side">
                    <p class="message">{message}</p>
                    if let Some(a) = &props.finding.arithmetic {
                        <p class="arithmetic"><span class="visually-hidden">{tr(lang, "算式：", "Arithmetic: ")}</span><code>{a}</code></p>
                    }
                    <ul class="legend" aria-label={tr(lang, "图例", "Legend")}>
                        <li><span class="swatch mark-total" aria-hidden="true"></span>{tr(lang, "报告的合计数", "The reported total")}</li>
                        <li><span class="swatch mark-part" aria-hidden="true"></span>{tr(lang, "参与计算的分项", "The parts")}</li>
                        <li><span class="swatch mark-other" aria-hidden="true"></span>{tr(lang, "其他相关单元格", "Other cells involved")}</li>
                    </ul>
                    <ul class="page-cells" data-testid="page-cells">
                        { for cells.iter().map(|c| {
                            let on_page = c.file == file && c.page == page && c.sheet == sheet;
                            let to = {
                                let at = at.clone();
                                let (f, p, s) = (c.file.clone(), c.page, c.sheet.clone());
                                Callback::from(move |_: MouseEvent| at.set((f.clone(), p, s.clone())))
                            };
                            html! {
                                <li class={classes!(on_page.then_some("here"))}>
                                    <span class={classes!("swatch", mark_class(&c.role))} aria-hidden="true"></span>
                                    <span class="cell-label">{&c.label}</span>{" "}
                                    <span class="num">{if c.text.is_empty() { tr(lang, "（空）", "(blank)").to_string() } else { c.text.clone() }}</span>
                                    {" · "}{role(lang, &c.role)}{" · "}
                                    if on_page {
                                        <span>{page_label(c)}</span>
                                    } else {
                                        <button type="button" class="link" onclick={to}>{page_label(c)}</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                    if let Some(n) = notes {
                        <p class="page-note">{n}</p>
                    }
                </aside>
                <div class="page-scroll" tabindex="0" role="region" aria-label={title} data-testid="page-scroll">
                    {body}
                </div>
            </div>
        </dialog>
    }
}
