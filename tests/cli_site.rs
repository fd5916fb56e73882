//! `infosweep site`: the bundle of the example folder written as a folder, as a zip (read back by Python's
//! `zipfile`, which checks every CRC, and by rawzip), and as a standalone report; bad files named and left
//! out; the page's files from `--dist`, with clear errors without them.

#![cfg(not(target_arch = "wasm32"))]

use base64::Engine as _;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/n3p2");
const INDEX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/share/index-relative.html"
);
const GLUE: &str = "infosweep-web-a11ca3af732a5fab.js";
const WASM: &str = "infosweep-web-a11ca3af732a5fab_bg.wasm";
const CSS: &str = "main-9a7e73e2638c9023.css";
const PICKLES: [&str; 6] = [
    "I2E/information_sweep_max_convex.pkl",
    "I2E/png_counts_sweep_layers_4.pkl",
    "delay_max/information_sweep_max_convex.pkl",
    "delay_max/png_counts_sweep_layers_4.pkl",
    "lrate/information_sweep_max_convex.pkl",
    "lrate/png_counts_sweep_layers_4.pkl",
];
/// Fixed creation time (2026-11-29 07:30 UTC), so two runs give the same bytes.
const EPOCH: &str = "1795937400";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("infosweep-site-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A stand-in for `trunk build --release`'s dist/: the real index.html, small glue/wasm/CSS/font files, and
/// the files.json the post-build hook writes.
fn dist(name: &str) -> PathBuf {
    let d = temp_dir(name);
    std::fs::copy(INDEX, d.join("index.html")).unwrap();
    std::fs::write(d.join(GLUE), "export default async function init() {}\n").unwrap();
    std::fs::write(d.join(WASM), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(d.join(CSS), "body { margin: 0 }\n".repeat(20)).unwrap();
    std::fs::create_dir_all(d.join("fonts")).unwrap();
    std::fs::write(d.join("fonts/DejaVuSans.ttf"), [1u8; 64]).unwrap();
    let status = Command::new("sh")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/page-files"))
        .env("TRUNK_STAGING_DIR", &d)
        .status()
        .unwrap();
    assert!(status.success());
    d
}

fn infosweep(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_infosweep"))
        .args(args)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The `content` of `<meta name=name>` in a bundle's index.html.
fn meta(html: &str, name: &str) -> String {
    let head = format!("<meta name=\"{name}\" content=\"");
    let at = html.find(&head).unwrap() + head.len();
    html[at..at + html[at..].find('"').unwrap()].replace("&amp;", "&")
}

#[test]
fn site_writes_the_page_files_the_pickles_and_an_index_html_that_opens_them() {
    let dist = dist("dist1");
    let out = temp_dir("out1");
    let o = infosweep(&[
        "site",
        FIXTURE,
        "--dist",
        dist.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--threshold",
        "1/2",
        "--neurons",
        "4000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("wrote the site bundle (5 page files, 6 pickles)"),
        "{}",
        stderr(&o)
    );
    let files = tree(&out);
    let mut want: Vec<String> = [
        "index.html",
        GLUE,
        WASM,
        CSS,
        "fonts/DejaVuSans.ttf",
        "files.json",
        "data/index.json",
    ]
    .into_iter()
    .map(String::from)
    .chain(PICKLES.iter().map(|p| format!("data/{p}")))
    .collect();
    want.sort();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), want);
    for p in PICKLES {
        assert_eq!(
            files[&format!("data/{p}")],
            std::fs::read(Path::new(FIXTURE).join(p)).unwrap(),
            "{p}"
        );
    }
    for p in [GLUE, WASM, CSS, "fonts/DejaVuSans.ttf"] {
        assert_eq!(files[p], std::fs::read(dist.join(p)).unwrap(), "{p}");
    }
    let index: Vec<String> = serde_json::from_slice(&files["data/index.json"]).unwrap();
    assert_eq!(index, PICKLES);
    let list: Vec<String> = serde_json::from_slice(&files["files.json"]).unwrap();
    assert_eq!(
        list,
        ["fonts/DejaVuSans.ttf", "index.html", GLUE, WASM, CSS]
    );
    let html = String::from_utf8(files["index.html"].clone()).unwrap();
    assert_eq!(meta(&html, "infosweep-data"), "data/");
    assert_eq!(meta(&html, "infosweep-settings"), "t=0.5&n=4000");
    let made = meta(&html, "infosweep-made");
    assert!(
        made.starts_with(&format!("infosweep {}", env!("CARGO_PKG_VERSION")))
            && made.ends_with(" on 2026-11-29 07:30 UTC"),
        "{made}"
    );
    // Everything else of the page's index.html is as Trunk wrote it.
    let original = std::fs::read_to_string(INDEX).unwrap();
    let without: String = html
        .lines()
        .filter(|l| !l.starts_with("<meta name=\"infosweep-"))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        without.replace(">\n</head>", "></head>"),
        original.trim_end()
    );
}

#[test]
fn site_zip_holds_the_same_files_and_reads_back_in_python_and_rawzip() {
    let dist = dist("dist2");
    let dir = temp_dir("out2");
    let zip = temp_dir("zip2").join("sub/infosweep-site.zip");
    let args = |out: &Path, zip: bool| {
        let mut a = vec![
            "site".to_string(),
            FIXTURE.into(),
            "--dist".into(),
            dist.to_str().unwrap().into(),
        ];
        a.extend(["--out".to_string(), out.to_str().unwrap().into()]);
        if zip {
            a.push("--zip".into());
        }
        a
    };
    let run = |a: Vec<String>| {
        let o = infosweep(&a.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(o.status.success(), "{}", stderr(&o));
    };
    run(args(&dir, false));
    run(args(&zip, true));
    let bytes = std::fs::read(&zip).unwrap();
    // Same time, same inputs: the same archive, byte for byte.
    run(args(&zip, true));
    assert_eq!(
        std::fs::read(&zip).unwrap(),
        bytes,
        "a second run writes the same zip"
    );

    // rawzip: every entry's name and bytes equal the folder's.
    let archive = rawzip::ZipArchive::from_slice(&bytes).unwrap();
    let mut entries = archive.entries();
    let mut from_zip = BTreeMap::new();
    let mut methods = Vec::new();
    while let Some(e) = entries.next_entry().unwrap() {
        let name = e.file_path().try_normalize().unwrap().as_ref().to_string();
        let local = archive.get_entry(e.wayfinder()).unwrap();
        let data = match e.compression_method() {
            rawzip::CompressionMethod::STORE => local.data().to_vec(),
            rawzip::CompressionMethod::DEFLATE => {
                miniz_oxide::inflate::decompress_to_vec(local.data()).unwrap()
            }
            m => panic!("{name}: method {m:?}"),
        };
        assert_eq!(rawzip::crc32(&data), e.crc32(), "{name}");
        methods.push((name.clone(), e.compression_method()));
        from_zip.insert(name, data);
    }
    assert_eq!(from_zip, tree(&dir));
    // The float pickles shrink, so they are deflated; the 8-byte wasm stand-in does not, so it is stored.
    let method = |n: &str| methods.iter().find(|(m, _)| m == n).unwrap().1;
    assert_eq!(
        method("data/I2E/information_sweep_max_convex.pkl"),
        rawzip::CompressionMethod::DEFLATE
    );
    assert_eq!(method(WASM), rawzip::CompressionMethod::STORE);

    // Python's zipfile: `-t` reads every entry and checks its CRC; extraction gives the same tree.
    let py = Command::new("python3")
        .args(["-m", "zipfile", "-t", zip.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let list = Command::new("python3")
        .args(["-m", "zipfile", "-l", zip.to_str().unwrap()])
        .output()
        .unwrap();
    let listing = String::from_utf8(list.stdout).unwrap();
    for p in PICKLES {
        assert!(listing.contains(&format!("data/{p}")), "{listing}");
    }
    assert!(
        listing.contains("2026-11-29 07:30:00"),
        "entry times are the bundle's time: {listing}"
    );
    let unzipped = temp_dir("unzipped2");
    let x = Command::new("python3")
        .args([
            "-m",
            "zipfile",
            "-e",
            zip.to_str().unwrap(),
            unzipped.to_str().unwrap(),
        ])
        .status()
        .unwrap();
    assert!(x.success());
    assert_eq!(tree(&unzipped), tree(&dir));
}

#[test]
fn site_report_holds_the_page_and_the_original_pickles() {
    let dist = dist("dist3");
    let out = temp_dir("out3");
    let report = out.join("infosweep-report.html");
    let o = infosweep(&[
        "site",
        FIXTURE,
        "--dist",
        dist.to_str().unwrap(),
        "--out",
        out.join("site").to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--threshold",
        "0.5",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        stderr(&o).contains(&format!("({} bytes:", html.len())),
        "{}",
        stderr(&o)
    );
    assert_eq!(meta(&html, "infosweep-settings"), "t=0.5");
    // Each inline file, base64 and (when marked) zlib, is the original.
    let mut found = BTreeMap::new();
    for block in html
        .split("<script type=\"application/octet-stream\" data-infosweep-file=\"")
        .skip(1)
    {
        let path = &block[..block.find('"').unwrap()];
        let head_end = block.find('>').unwrap();
        let text = &block[head_end + 1..block.find("</script>").unwrap()];
        let raw = base64::engine::general_purpose::STANDARD
            .decode(text)
            .unwrap();
        let bytes = if block[..head_end].contains("data-encoding=\"deflate\"") {
            miniz_oxide::inflate::decompress_to_vec_zlib(&raw).unwrap()
        } else {
            raw
        };
        found.insert(path.to_string(), bytes);
    }
    for p in PICKLES {
        assert_eq!(
            found[&format!("data/{p}")],
            std::fs::read(Path::new(FIXTURE).join(p)).unwrap(),
            "{p}"
        );
    }
    assert_eq!(found[WASM], std::fs::read(dist.join(WASM)).unwrap());
    assert_eq!(found.len(), PICKLES.len() + 5);
}

#[test]
fn a_bad_pickle_is_named_and_left_out_and_the_rest_is_shared() {
    let dist = dist("dist4");
    let results = temp_dir("results4");
    for h in ["I2E", "broken"] {
        std::fs::create_dir_all(results.join(h)).unwrap();
    }
    std::fs::copy(
        Path::new(FIXTURE).join("I2E/information_sweep_max_convex.pkl"),
        results.join("I2E/information_sweep_max_convex.pkl"),
    )
    .unwrap();
    std::fs::write(
        results.join("broken/information_sweep_max_convex.pkl"),
        b"not a pickle",
    )
    .unwrap();
    let out = temp_dir("out4");
    let o = infosweep(&[
        "site",
        results.to_str().unwrap(),
        "--dist",
        dist.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "a bad file fails the run");
    assert!(
        stderr(&o).contains("broken/information_sweep_max_convex.pkl"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("(left out of the bundle)"),
        "{}",
        stderr(&o)
    );
    let files = tree(&out);
    assert!(files.contains_key("data/I2E/information_sweep_max_convex.pkl"));
    assert!(!files.keys().any(|k| k.contains("broken")));
    let index: Vec<String> = serde_json::from_slice(&files["data/index.json"]).unwrap();
    assert_eq!(index, ["I2E/information_sweep_max_convex.pkl"]);
}

#[test]
fn without_a_page_build_site_says_where_to_get_one() {
    let out = temp_dir("out5");
    let o = infosweep(&["site", FIXTURE, "--out", out.to_str().unwrap()]);
    if cfg!(feature = "embed-page") {
        // This build embeds dist/: it needs no --dist.
        assert!(o.status.success(), "{}", stderr(&o));
        return;
    }
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no page to copy: pass --dist <DIST>"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("--features embed-page"),
        "{}",
        stderr(&o)
    );

    let empty = temp_dir("empty5");
    let o = infosweep(&[
        "site",
        FIXTURE,
        "--dist",
        empty.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("files.json\": cannot read it"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("trunk build --release"),
        "{}",
        stderr(&o)
    );

    // A page built for a fixed prefix would work only there: refused, with the fix.
    let prefixed = dist("prefixed5");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/share/index-prefix.html"
        ),
        prefixed.join("index.html"),
    )
    .unwrap();
    let o = infosweep(&[
        "site",
        FIXTURE,
        "--dist",
        prefixed.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("built for the fixed path \"/infosweep/\""),
        "{}",
        stderr(&o)
    );
    assert!(tree(&out).is_empty(), "nothing written");
}
