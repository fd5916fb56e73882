//! What the page was shipped with: a site bundle's declarations (`<meta name="infosweep-data|settings|made">`,
//! written by [`crate::share`]) or a standalone report's inline files (`globalThis.infosweepReport`, set
//! by its boot script before the wasm starts).
//!
//! Owns: the page's default data (a report's files, a bundle's `data/` folder, else the demo), the
//! settings a bundle opens with when the link has none, the provenance line, and the URL of one of the
//! page's own files ([`page_url`]: relative to the page, or the report's inline copy), so that workers and
//! the share code find the page's files wherever it runs.

use super::load::Candidate;
use super::state::Source;
use crate::share::html::{META_DATA, META_MADE, META_SETTINGS};
use crate::share::DATA_FOLDER;
use js_sys::{Array, Function, Reflect};
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The folder the demo data is copied to (relative to the page).
pub const DEMO_FOLDER: &str = "demo/";

/// The data the page opens when the link has no `#data=`.
pub enum DefaultData {
    /// The example folder (`demo/`).
    Demo,
    /// A site bundle's folder (relative to the page).
    Folder(String),
    /// A standalone report's inline pickles.
    Files(Vec<Candidate>),
}

impl DefaultData {
    /// What the page calls it ("the demo", "the shared data").
    pub fn name(&self) -> &'static str {
        match self {
            DefaultData::Demo => "the demo",
            DefaultData::Folder(_) | DefaultData::Files(_) => "the shared data",
        }
    }
}

/// The `content` of `<meta name=name>`, if the page has one.
fn meta(name: &str) -> Option<String> {
    let doc = web_sys::window()?.document()?;
    doc.query_selector(&format!("meta[name=\"{name}\"]"))
        .ok()
        .flatten()?
        .get_attribute("content")
}

/// `globalThis.infosweepReport` when the page is a standalone report.
fn report() -> Option<JsValue> {
    Reflect::get(&js_sys::global(), &"infosweepReport".into())
        .ok()
        .filter(|r| r.is_object())
}

/// Calls `report[method](...args)`.
fn report_call(method: &str, args: &[JsValue]) -> Option<JsValue> {
    let r = report()?;
    let f: Function = Reflect::get(&r, &method.into()).ok()?.dyn_into().ok()?;
    f.apply(&r, &args.iter().collect::<Array>()).ok()
}

/// Whether the page is a standalone report (opened from a file, its data inline).
pub fn is_report() -> bool {
    report().is_some()
}

/// The page's default data.
pub fn default_data() -> DefaultData {
    if let Some(list) = report_call("dataFiles", &[]) {
        let files = Array::from(&list)
            .iter()
            .filter_map(|item| {
                let path = Reflect::get(&item, &"path".into()).ok()?.as_string()?;
                let file = Reflect::get(&item, &"file".into()).ok()?.dyn_into().ok()?;
                Some(Candidate {
                    path: path.strip_prefix(DATA_FOLDER).unwrap_or(&path).to_string(),
                    source: Source::File(SendWrapper::new(file)),
                })
            })
            .collect();
        return DefaultData::Files(files);
    }
    match meta(META_DATA).filter(|d| !d.trim().is_empty()) {
        Some(folder) => DefaultData::Folder(folder),
        None => DefaultData::Demo,
    }
}

/// The URL of the page's file `path` as it was built, to copy into a report or site: [`page_url`], except
/// in a report, where its scripts' URLs have the other files' `data:` URLs written into them.
pub fn page_file_url(path: &str) -> Result<String, String> {
    match report_call("storedUrl", &[path.into()]).and_then(|u| u.as_string()) {
        Some(u) => Ok(u),
        None => page_url(path),
    }
}

/// The page's file paths when it is a standalone report (as its `files.json` listed them), else `None`.
pub fn report_page_files() -> Option<Vec<String>> {
    let list = report_call("pageFiles", &[])?;
    Some(
        Array::from(&list)
            .iter()
            .filter_map(|v| v.as_string())
            .collect(),
    )
}

/// The settings (hash form) a bundle or report opens with when the link has none.
pub fn declared_settings() -> Option<String> {
    meta(META_SETTINGS)
}

/// Which infosweep made this bundle or report, and when.
pub fn made() -> Option<String> {
    meta(META_MADE).filter(|m| !m.is_empty())
}

/// The URL of the page's file `path` (relative to the page, e.g. `fonts/DejaVuSans.ttf`): absolute
/// against the page's address, or in a report the inline file's `data:` URL (the only kind a `file://`
/// page can hand to a worker).
pub fn page_url(path: &str) -> Result<String, String> {
    if is_report() {
        return report_call("url", &[path.into()])
            .and_then(|u| u.as_string())
            .ok_or_else(|| format!("this report does not hold {path}"));
    }
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .ok_or("the page has no address")?;
    web_sys::Url::new_with_base(path, &base)
        .map(|u| u.href())
        .map_err(|e| super::load::js_msg(&e))
}
