//! The site bundle: the page's files plus `data/<hparam>/<file>.pkl`, `data/index.json`, and an
//! `index.html` that opens that data (with the shared settings) when the link has no `#data=`. Every URL
//! in it is relative, so it works unzipped into any folder of any static host.
//!
//! Owns: the folder each sweep gets (its name, unless the name cannot be one folder), the data paths and
//! `data/index.json`, `files.json` (the page's file list, so a bundle can make bundles too), the settings
//! a bundle opens with ([`bundle_settings`]), and the complete file list ([`site_files`]).

use super::html::{with_declarations, Declarations, PageHtml};
use super::{
    json_list, Bundle, DataFile, ShareError, SiteFile, DATA_FOLDER, DATA_INDEX, PAGE_FILES_LIST,
};
use crate::keymap::{KeyMap, KeySet};
use crate::settings::Settings;
use std::borrow::Cow;
use std::collections::BTreeSet;

/// The page's own entry file.
pub const INDEX_HTML: &str = "index.html";

/// Which names a data folder may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folders {
    /// Inside a report (no file system): any name that is one path segment.
    Report,
    /// In a site bundle (a zip, a folder of a static host, any OS): names without `/ \ : * ? " < > |`,
    /// control characters or a trailing dot or space, distinct without regard to case.
    Portable,
}

/// A folder name for the sweep `hparam`: the name itself when it can be one folder (see [`Folders`]), else
/// the name with `_` for each character that cannot be (`.`, `..` and the empty name get a leading `_`).
pub fn folder_name(hparam: &str, rule: Folders) -> String {
    let bad = |c: char| match rule {
        Folders::Report => c == '/' || c == '\0',
        Folders::Portable => {
            c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
        }
    };
    let mut s: String = hparam
        .chars()
        .map(|c| if bad(c) { '_' } else { c })
        .collect();
    if rule == Folders::Portable && s.ends_with(['.', ' ']) {
        s.push('_');
    }
    match s.as_str() {
        "" => "_".to_string(),
        "." | ".." => format!("_{s}"),
        _ => s,
    }
}

/// Where the shared pickles go: for each data file (same order) its path under `data/`, and the folder of
/// each sweep (distinct folders for distinct sweeps: `a/b` and `a_b` become `a_b` and `a_b (2)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataLayout {
    pub paths: Vec<String>,
    pub folders: KeyMap<String>,
}

/// Lays out `data` (see [`DataLayout`]); two files of one kind for one sweep clash.
pub fn data_layout(data: &[DataFile<'_>], rule: Folders) -> Result<DataLayout, ShareError> {
    let key = |f: &str| match rule {
        Folders::Report => f.to_string(),
        Folders::Portable => f.to_lowercase(),
    };
    let mut folders: KeyMap<String> = KeyMap::new();
    let mut taken = KeySet::new();
    // Sweeps whose name is a valid folder first, so they keep it.
    let mut names: Vec<&str> = data.iter().map(|d| d.hparam.as_str()).collect();
    names.sort_by_key(|h| (folder_name(h, rule) != *h, *h));
    names.dedup();
    for h in names {
        let base = folder_name(h, rule);
        let mut f = base.clone();
        let mut k = 2;
        while taken.contains(&key(&f)) {
            f = format!("{base} ({k})");
            k += 1;
        }
        taken.insert(key(&f));
        folders.insert(h.to_string(), f);
    }
    let mut seen = KeySet::new();
    let mut paths = Vec::with_capacity(data.len());
    for d in data {
        let p = format!("{}/{}", folders[d.hparam.as_str()], d.kind.file_name());
        if !seen.insert(p.clone()) {
            return Err(ShareError::PathClash(format!("{DATA_FOLDER}{p}")));
        }
        paths.push(p);
    }
    Ok(DataLayout { paths, folders })
}

/// The settings a bundle opens with: the view's threshold, neuron total, contrast and dpi, and the display
/// names and highlights of the shared sweeps under their bundle folder names (a sweep whose folder had to
/// differ from its name keeps the label its name gave); no `data=` (the data is the bundle's) and no
/// `rm.` (removed sweeps are not in it).
pub fn bundle_settings(s: &Settings, folders: &KeyMap<String>) -> Settings {
    fn rename<V: Clone>(m: &KeyMap<V>, folders: &KeyMap<String>) -> KeyMap<V> {
        m.iter()
            .filter_map(|(h, v)| folders.get(h).map(|f| (f.clone(), v.clone())))
            .collect()
    }
    let mut names = rename(&s.names, folders);
    for (h, f) in folders {
        if h != f && !names.contains_key(f) {
            names.insert(f.clone(), crate::notebook::display_name(h));
        }
    }
    Settings {
        data: None,
        removed: KeySet::new(),
        highlight: rename(&s.highlight, folders),
        names,
        ..s.clone()
    }
}

/// Checks a page file's path: relative, `/`-separated, no empty, `.` or `..` part.
pub fn check_page_path(p: &str) -> Result<(), ShareError> {
    let ok = !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/').all(|s| !s.is_empty() && s != "." && s != "..");
    if ok {
        Ok(())
    } else {
        Err(ShareError::BadPagePath(p.to_string()))
    }
}

/// Every file of the site bundle: the page's files (its `index.html` declaring the shared data, settings
/// and provenance), `files.json`, `data/index.json` and the pickles. Checked: the page's own
/// `index.html` is relative and its glue, wasm and stylesheets are among the page files; no two files
/// share a path.
pub fn site_files<'b>(b: &'b Bundle<'_>) -> Result<Vec<SiteFile<'b>>, ShareError> {
    let index = b
        .page
        .iter()
        .find(|f| f.path == INDEX_HTML)
        .ok_or_else(|| ShareError::MissingPageFile(INDEX_HTML.into()))?;
    let index_text = String::from_utf8_lossy(&index.bytes);
    let page = PageHtml::read(&index_text)?;
    for needed in [&page.glue, &page.wasm]
        .into_iter()
        .chain(&page.stylesheets)
    {
        if !b.page.iter().any(|f| &f.path == needed) {
            return Err(ShareError::MissingPageFile(needed.clone()));
        }
    }
    let layout = data_layout(&b.data, Folders::Portable)?;
    let decl = Declarations {
        data: Some(DATA_FOLDER.to_string()),
        settings: bundle_settings(&b.settings, &layout.folders).to_hash(),
        made: b.made.describe(),
    };
    let mut out: Vec<SiteFile<'b>> = Vec::with_capacity(b.page.len() + b.data.len() + 2);
    let mut page_paths: Vec<&str> = Vec::new();
    for f in &b.page {
        check_page_path(&f.path)?;
        if f.path == PAGE_FILES_LIST || f.path.starts_with(DATA_FOLDER) {
            // Written below; a page file under data/ would be mistaken for shared data.
            if f.path != PAGE_FILES_LIST {
                return Err(ShareError::PathClash(f.path.clone()));
            }
            continue;
        }
        page_paths.push(&f.path);
        let bytes = if f.path == INDEX_HTML {
            Cow::Owned(with_declarations(&index_text, &decl)?.into_bytes())
        } else {
            Cow::Borrowed(f.bytes.as_ref())
        };
        out.push(SiteFile {
            path: f.path.clone(),
            bytes,
        });
    }
    out.push(SiteFile {
        path: PAGE_FILES_LIST.to_string(),
        bytes: Cow::Owned(json_list(page_paths.iter().copied()).into_bytes()),
    });
    let mut index_paths: Vec<&str> = layout.paths.iter().map(String::as_str).collect();
    index_paths.sort_unstable();
    out.push(SiteFile {
        path: format!("{DATA_FOLDER}{DATA_INDEX}"),
        bytes: Cow::Owned(json_list(index_paths).into_bytes()),
    });
    for (d, p) in b.data.iter().zip(&layout.paths) {
        out.push(SiteFile {
            path: format!("{DATA_FOLDER}{p}"),
            bytes: Cow::Borrowed(d.bytes.as_ref()),
        });
    }
    let mut seen = BTreeSet::new();
    for f in &out {
        if !seen.insert(f.path.as_str()) {
            return Err(ShareError::PathClash(f.path.clone()));
        }
    }
    Ok(out)
}
