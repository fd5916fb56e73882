//! The share module's behaviour on the page Trunk really builds (`tests/fixtures/share/index-relative.html`)
//! with stand-in page files and small pickles.

use super::html::{tags, META_DATA, META_MADE, META_SETTINGS};
use super::report::{mime_type, report_html, MANIFEST_ID};
use super::site::{bundle_settings, data_layout, folder_name, site_files, Folders};
use super::*;
use crate::keymap::KeyMap;
use crate::settings::Settings;
use base64::Engine as _;
use std::collections::BTreeMap;

const INDEX: &str = include_str!("../../tests/fixtures/share/index-relative.html");
const GLUE: &str = "infosweep-web-a11ca3af732a5fab.js";
const WASM: &str = "infosweep-web-a11ca3af732a5fab_bg.wasm";
const CSS: &str = "main-9a7e73e2638c9023.css";

fn page() -> Vec<SiteFile<'static>> {
    let f = |p: &str, b: Vec<u8>| SiteFile {
        path: p.to_string(),
        bytes: Cow::Owned(b),
    };
    vec![
        f("index.html", INDEX.as_bytes().to_vec()),
        f(
            GLUE,
            b"export default async function init() {}\n".repeat(50),
        ),
        // Incompressible bytes (stored as is), and compressible ones (deflated).
        f(WASM, noise(4000)),
        f(CSS, b"body { color: black }\n".repeat(40)),
        f("fonts/DejaVuSans.ttf", vec![7; 300]),
    ]
}

/// Bytes deflate cannot shrink (xorshift64).
fn noise(n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

fn data() -> Vec<DataFile<'static>> {
    let d = |h: &str, kind, b: &[u8]| DataFile {
        hparam: h.to_string(),
        kind,
        bytes: Cow::Owned(b.to_vec()),
    };
    vec![
        d("lrate", SweepFile::Information, &[0x80, 4, 0x95, 1, 2, 3]),
        d("lrate", SweepFile::PngCounts, &[0x80, 4, 9, 9, 9]),
        d("$\\tau_m$", SweepFile::Information, &[0x80, 5, 0, 0]),
        d("a/b", SweepFile::Information, &[0x80, 2, 1]),
    ]
}

fn bundle() -> Bundle<'static> {
    let mut settings =
        Settings::from_hash("#data=https://x.org/r/&t=0.5&hl.lrate=1&name.a%2Fb=AB&rm.I2E&hc=1");
    settings.highlight.insert("gone".into(), Some(3));
    Bundle {
        page: page(),
        data: data(),
        settings,
        made: Made {
            version: "0.1.0".into(),
            commit: Some("1a2b3c4d5e6f".into()),
            unix_seconds: 1_795_937_400,
        },
    }
}

#[test]
fn provenance_names_version_commit_and_utc_minute() {
    assert_eq!(
        bundle().made.describe(),
        "infosweep 0.1.0 (commit 1a2b3c4d5e6f) on 2026-11-29 07:30 UTC"
    );
    let m = Made {
        commit: None,
        ..bundle().made
    };
    assert_eq!(m.describe(), "infosweep 0.1.0 on 2026-11-29 07:30 UTC");
    assert_eq!(Made::this_build(0).version, env!("CARGO_PKG_VERSION"));
    assert_eq!(utc_minutes(0), "1970-01-01 00:00 UTC");
}

#[test]
fn folder_names_keep_every_name_that_can_be_a_folder() {
    assert_eq!(folder_name("lrate", Folders::Portable), "lrate");
    assert_eq!(folder_name("λ I→E", Folders::Portable), "λ I→E");
    assert_eq!(folder_name("$\\tau_m$", Folders::Report), "$\\tau_m$");
    assert_eq!(folder_name("$\\tau_m$", Folders::Portable), "$_tau_m$");
    assert_eq!(folder_name("a/b", Folders::Report), "a_b");
    assert_eq!(
        folder_name("a:b*c?\"<>|\t", Folders::Portable),
        "a_b_c______"
    );
    assert_eq!(folder_name("..", Folders::Report), "_..");
    assert_eq!(folder_name("x.", Folders::Portable), "x._");
    assert_eq!(folder_name("", Folders::Report), "_");
}

#[test]
fn data_layout_gives_distinct_folders_and_refuses_two_files_of_one_kind() {
    let d = |h: &str| DataFile {
        hparam: h.into(),
        kind: SweepFile::Information,
        bytes: Cow::Borrowed(&[][..]),
    };
    let l = data_layout(&[d("a/b"), d("a_b"), d("A_B"), d("c")], Folders::Portable).unwrap();
    // Valid names first, in byte order: A_B keeps its name; a_b (the same folder on a case-blind file
    // system) and then a/b get numbers.
    assert_eq!(
        l.paths,
        [
            "a_b (3)/information_sweep_max_convex.pkl",
            "a_b (2)/information_sweep_max_convex.pkl",
            "A_B/information_sweep_max_convex.pkl",
            "c/information_sweep_max_convex.pkl",
        ]
    );
    let r = data_layout(&[d("a_b"), d("A_B")], Folders::Report).unwrap();
    assert_eq!(r.folders["A_B"], "A_B");
    assert_eq!(
        data_layout(&[d("c"), d("c")], Folders::Report),
        Err(ShareError::PathClash(
            "data/c/information_sweep_max_convex.pkl".into()
        ))
    );
}

#[test]
fn bundle_settings_keep_the_view_under_the_bundles_folder_names() {
    let b = bundle();
    let folders: KeyMap<String> = [
        ("lrate", "lrate"),
        ("a/b", "a_b"),
        ("$\\tau_m$", "$_tau_m$"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let s = bundle_settings(&b.settings, &folders);
    assert_eq!(s.data, None, "the data is the bundle's own");
    assert!(s.removed.is_empty(), "removed sweeps are not in the bundle");
    assert_eq!(s.threshold, 0.5);
    assert!(s.high_contrast);
    assert_eq!(
        s.highlight,
        KeyMap::from_iter([("lrate".to_string(), Some(1))])
    );
    assert_eq!(
        s.names,
        KeyMap::from_iter([
            ("$_tau_m$".to_string(), "$\\tau_m$".to_string()),
            ("a_b".to_string(), "AB".to_string()),
        ])
    );
    assert_eq!(
        s.to_hash(),
        "t=0.5&hc=1&hl.lrate=1&name.$_tau_m$=$%5Ctau_m$&name.a_b=AB"
    );
}

#[test]
fn site_files_are_the_page_files_json_the_data_and_its_index() {
    let b = bundle();
    let files = site_files(&b).unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "index.html",
            GLUE,
            WASM,
            CSS,
            "fonts/DejaVuSans.ttf",
            "files.json",
            "data/index.json",
            "data/lrate/information_sweep_max_convex.pkl",
            "data/lrate/png_counts_sweep_layers_4.pkl",
            "data/$_tau_m$/information_sweep_max_convex.pkl",
            "data/a_b/information_sweep_max_convex.pkl",
        ]
    );
    let text = |p: &str| {
        String::from_utf8(files.iter().find(|f| f.path == p).unwrap().bytes.to_vec()).unwrap()
    };
    assert_eq!(
        text("files.json"),
        format!("[\"index.html\", \"{GLUE}\", \"{WASM}\", \"{CSS}\", \"fonts/DejaVuSans.ttf\"]")
    );
    assert_eq!(
        text("data/index.json"),
        "[\"$_tau_m$/information_sweep_max_convex.pkl\", \"a_b/information_sweep_max_convex.pkl\", \
         \"lrate/information_sweep_max_convex.pkl\", \"lrate/png_counts_sweep_layers_4.pkl\"]"
    );
    // The pickles are the original bytes, the other page files untouched.
    assert_eq!(files[7].bytes.as_ref(), &[0x80, 4, 0x95, 1, 2, 3]);
    assert_eq!(files[2].bytes, b.page[2].bytes);
    // index.html declares the data folder, the settings and the provenance, and stays a relative page.
    let index = text("index.html");
    let metas = metas(&index);
    assert_eq!(metas[META_DATA], "data/");
    assert_eq!(
        metas[META_SETTINGS],
        bundle_settings(
            &b.settings,
            &data_layout(&b.data, Folders::Portable).unwrap().folders
        )
        .to_hash()
    );
    assert_eq!(metas[META_MADE], b.made.describe());
    assert_eq!(html::PageHtml::read(&index).unwrap().glue, GLUE);
}

#[test]
fn a_bundle_from_a_bundle_is_the_same_bundle() {
    let b = bundle();
    let first: Vec<SiteFile<'static>> = site_files(&b)
        .unwrap()
        .into_iter()
        .map(|f| SiteFile {
            path: f.path,
            bytes: Cow::Owned(f.bytes.into_owned()),
        })
        .collect();
    let page: Vec<SiteFile> = first
        .iter()
        .filter(|f| !f.path.starts_with(DATA_FOLDER))
        .cloned()
        .collect();
    let again = Bundle { page, ..bundle() };
    let second = site_files(&again).unwrap();
    assert_eq!(second.len(), first.len());
    for (a, b) in first.iter().zip(&second) {
        assert_eq!((&a.path, &a.bytes), (&b.path, &b.bytes));
    }
}

#[test]
fn site_files_refuse_what_would_not_work_under_any_prefix() {
    let mut b = bundle();
    b.page.retain(|f| f.path != CSS);
    assert_eq!(
        site_files(&b).err(),
        Some(ShareError::MissingPageFile(CSS.into()))
    );
    let mut b = bundle();
    b.page[0].bytes = Cow::Owned(
        INDEX
            .replace("<base href=./>", "<base href=/infosweep/>")
            .into_bytes(),
    );
    assert_eq!(
        site_files(&b).err(),
        Some(ShareError::AbsoluteBase("/infosweep/".into()))
    );
    let mut b = bundle();
    b.page.push(SiteFile {
        path: "data/x.pkl".into(),
        bytes: Cow::Borrowed(&[][..]),
    });
    assert_eq!(
        site_files(&b).err(),
        Some(ShareError::PathClash("data/x.pkl".into()))
    );
    for bad in ["../x", "/x", "a//b", "a\\b", ""] {
        let mut b = bundle();
        b.page.push(SiteFile {
            path: bad.into(),
            bytes: Cow::Borrowed(&[][..]),
        });
        assert_eq!(
            site_files(&b).err(),
            Some(ShareError::BadPagePath(bad.into())),
            "{bad:?}"
        );
    }
    let mut b = bundle();
    b.page.retain(|f| f.path != "index.html");
    assert_eq!(
        site_files(&b).err(),
        Some(ShareError::MissingPageFile("index.html".into()))
    );
}

/// The `infosweep-*` metas of a document.
fn metas(html: &str) -> BTreeMap<String, String> {
    tags(html)
        .into_iter()
        .filter(|t| t.name == "meta")
        .filter_map(|t| Some((t.attr("name")?.to_string(), t.attr("content")?.to_string())))
        .filter(|(n, _)| n.starts_with(html::META_PREFIX))
        .collect()
}

/// Every inline file of a report: path → (type, size, deflated, bytes as stored).
fn report_blocks(html: &str) -> Vec<(String, String, usize, bool, Vec<u8>)> {
    tags(html)
        .into_iter()
        .filter(|t| !t.closing && t.name == "script" && t.attr("data-infosweep-file").is_some())
        .map(|t| {
            let (a, z) = t.text.unwrap();
            (
                t.attr("data-infosweep-file").unwrap().to_string(),
                t.attr("data-type").unwrap().to_string(),
                t.attr("data-size").unwrap().parse().unwrap(),
                t.attr("data-encoding") == Some("deflate"),
                base64::engine::general_purpose::STANDARD
                    .decode(&html[a..z])
                    .unwrap(),
            )
        })
        .collect()
}

#[test]
fn report_holds_every_page_file_and_pickle_byte_for_byte() {
    let b = bundle();
    let (html, sizes) = report_html(&b).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=utf-8>\n"));
    let blocks = report_blocks(&html);
    let expect: Vec<(String, &[u8])> = b
        .page
        .iter()
        .map(|f| (f.path.clone(), f.bytes.as_ref()))
        .chain([
            (
                "data/lrate/information_sweep_max_convex.pkl".to_string(),
                &b.data[0].bytes[..],
            ),
            (
                "data/lrate/png_counts_sweep_layers_4.pkl".to_string(),
                &b.data[1].bytes[..],
            ),
            // In a report a name needs no file system: `$\tau_m$` keeps its backslash.
            (
                "data/$\\tau_m$/information_sweep_max_convex.pkl".to_string(),
                &b.data[2].bytes[..],
            ),
            (
                "data/a_b/information_sweep_max_convex.pkl".to_string(),
                &b.data[3].bytes[..],
            ),
        ])
        .collect();
    assert_eq!(blocks.len(), expect.len());
    for ((path, ty, size, deflated, stored), (want_path, want)) in blocks.iter().zip(&expect) {
        assert_eq!(path, want_path);
        assert_eq!(ty, mime_type(path));
        assert_eq!(*size, want.len());
        let bytes = if *deflated {
            miniz_oxide::inflate::decompress_to_vec_zlib(stored).unwrap()
        } else {
            stored.clone()
        };
        assert_eq!(&bytes, want, "{path}");
        // Deflated exactly when that was smaller.
        assert_eq!(*deflated, report::zlib(want).len() < want.len(), "{path}");
    }
    assert!(
        blocks.iter().any(|b| b.3) && blocks.iter().any(|b| !b.3),
        "both encodings occur"
    );
    assert_eq!(mime_type(WASM), "application/wasm");
    assert_eq!(
        sizes.page_raw,
        b.page.iter().map(|f| f.bytes.len()).sum::<usize>()
    );
    assert_eq!(sizes.data_raw, 6 + 5 + 4 + 3);
    assert_eq!(sizes.total, html.len());
}

#[test]
fn report_declares_settings_and_provenance_inlines_the_css_and_boots_from_its_manifest() {
    let b = bundle();
    let (html, _) = report_html(&b).unwrap();
    let m = metas(&html);
    assert!(
        !m.contains_key(META_DATA),
        "a report's data is inline, not in a folder"
    );
    assert_eq!(
        m[META_MADE],
        "infosweep 0.1.0 (commit 1a2b3c4d5e6f) on 2026-11-29 07:30 UTC"
    );
    assert_eq!(m[META_SETTINGS], "t=0.5&hc=1&hl.lrate=1&name.a_b=AB");
    let all = tags(&html);
    let text = |t: &html::Tag| {
        let (a, z) = t.text.unwrap();
        html[a..z].to_string()
    };
    let style = all
        .iter()
        .find(|t| t.name == "style" && !t.closing)
        .unwrap();
    assert_eq!(
        text(style).trim(),
        "body { color: black }\n".repeat(40).trim()
    );
    let manifest = all
        .iter()
        .find(|t| t.attr("id") == Some(MANIFEST_ID))
        .unwrap();
    assert_eq!(manifest.attr("type"), Some("application/json"));
    assert_eq!(
        text(manifest),
        format!(
            "{{\"glue\": \"{GLUE}\", \"wasm\": \"{WASM}\", \"page\": [\"index.html\", \"{GLUE}\", \"{WASM}\", \
             \"{CSS}\", \"fonts/DejaVuSans.ttf\"], \"data\": [\"data/lrate/information_sweep_max_convex.pkl\", \
             \"data/lrate/png_counts_sweep_layers_4.pkl\", \"data/$\\\\tau_m$/information_sweep_max_convex.pkl\", \
             \"data/a_b/information_sweep_max_convex.pkl\"]}}"
        )
    );
    let boot = all
        .iter()
        .filter(|t| t.name == "script" && !t.closing && t.attr("type") == Some("module"))
        .collect::<Vec<_>>();
    assert_eq!(boot.len(), 1, "one boot script, Trunk's is not copied");
    assert_eq!(text(boot[0]).trim(), report::BOOT_JS.trim());
    // Every <script> ends where it should: as many end tags as start tags, nothing after </html>.
    let opens = all
        .iter()
        .filter(|t| t.name == "script" && !t.closing)
        .count();
    let closes = all
        .iter()
        .filter(|t| t.name == "script" && t.closing)
        .count();
    assert_eq!(opens, closes);
    assert_eq!(opens, 1 + 1 + 5 + 4);
    assert!(html.ends_with("</body>\n</html>\n"));
    assert!(!report::BOOT_JS.contains("</script"));
    // Nothing refers to the network: every URL the page used is inline.
    assert!(!html.contains("http://") && !html.contains("https://"));
}

#[test]
fn report_refuses_a_page_without_its_glue_or_wasm() {
    for missing in [GLUE, WASM, "index.html"] {
        let mut b = bundle();
        b.page.retain(|f| f.path != missing);
        assert_eq!(
            report_html(&b).err(),
            Some(ShareError::MissingPageFile(missing.into()))
        );
    }
}

#[test]
fn json_strings_escape_what_json_and_script_elements_need() {
    assert_eq!(
        json_string("a\"b\\c\n\u{1}</script>&"),
        "\"a\\\"b\\\\c\\n\\u0001\\u003c/script\\u003e\\u0026\""
    );
    assert_eq!(json_list(["x", "λ"]), "[\"x\", \"λ\"]");
    assert_eq!(json_list([]), "[]");
}

#[test]
fn pack_stores_what_deflate_would_grow() {
    let random = noise(1000);
    assert_eq!(pack(&random, zip::deflate).0, Encoding::Stored);
    let (e, d) = pack(&[0u8; 1000], zip::deflate);
    assert_eq!(e, Encoding::Deflated);
    assert_eq!(
        miniz_oxide::inflate::decompress_to_vec(&d).unwrap(),
        vec![0u8; 1000]
    );
}

#[test]
fn a_share_job_makes_the_report_or_the_zip_of_its_fetched_bytes() {
    use super::job::{make, DataSource, ShareJob, ShareKind};
    let b = bundle();
    let job = |kind| ShareJob {
        kind,
        page: b
            .page
            .iter()
            .map(|f| (f.path.clone(), format!("https://x.org/{}", f.path)))
            .collect(),
        data: b
            .data
            .iter()
            .map(|d| DataSource {
                hparam: d.hparam.clone(),
                kind: d.kind,
                url: "blob:x".into(),
            })
            .collect(),
        settings: b.settings.to_hash(),
        unix_seconds: b.made.unix_seconds,
    };
    let page = || b.page.iter().map(|f| f.bytes.to_vec()).collect::<Vec<_>>();
    let data = || b.data.iter().map(|d| d.bytes.to_vec()).collect::<Vec<_>>();
    let made = Bundle {
        made: Made::this_build(b.made.unix_seconds),
        ..bundle()
    };
    let html = make(&job(ShareKind::Report), page(), data()).unwrap();
    assert_eq!(
        String::from_utf8(html).unwrap(),
        report_html(&made).unwrap().0
    );
    let z = make(&job(ShareKind::Site), page(), data()).unwrap();
    assert_eq!(
        z,
        zip::zip(&site_files(&made).unwrap(), b.made.unix_seconds).unwrap()
    );
    let archive = rawzip::ZipArchive::from_slice(&z).unwrap();
    assert_eq!(archive.entries_hint(), 11);
    assert_eq!(ShareKind::Site.file_name(), "infosweep-site.zip");
    assert_eq!(ShareKind::Report.file_name(), "infosweep-report.html");
}
