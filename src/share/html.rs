//! Reading the page's `index.html` as Trunk writes it (minified: unquoted attributes, optional end tags, or
//! not), and writing the `infosweep-*` declarations into it.
//!
//! Owns: a small tag scanner (start and end tags with their attributes and byte spans, comments and the raw
//! text of `<script>`/`<style>` skipped), what the sharing code needs from the page (its `<base href>`, the
//! wasm-bindgen glue and wasm that Trunk's boot script loads, the stylesheets, the `<meta>`/`<title>` of the
//! head), the check that its asset URLs are relative (so a bundle works under any path prefix), and the
//! declarations a bundle adds ([`Declarations`]: default data folder, settings, who made it and when).

use super::ShareError;
use std::borrow::Cow;

/// The `<meta name>` prefix of every declaration this module writes; older ones are replaced.
pub const META_PREFIX: &str = "infosweep-";
/// `<meta name="infosweep-data" content="data/">`: the folder the page opens when the link has no `#data=`.
pub const META_DATA: &str = "infosweep-data";
/// `<meta name="infosweep-settings" content="t=0.5&…">`: settings (hash form) used when the link has none.
pub const META_SETTINGS: &str = "infosweep-settings";
/// `<meta name="infosweep-made" content="…">`: which infosweep made the bundle, when, from how many files.
pub const META_MADE: &str = "infosweep-made";

/// One tag of an HTML text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tag<'a> {
    /// Lower-cased tag name.
    pub name: String,
    /// `</name>`.
    pub closing: bool,
    /// Attributes in order: lower-cased name, value with the five basic character references decoded.
    pub attrs: Vec<(String, Cow<'a, str>)>,
    /// Byte span of the tag itself (`<` to `>` inclusive).
    pub start: usize,
    pub end: usize,
    /// For `<script>` and `<style>`: the raw text up to the end tag (its span ends where `</` starts).
    pub text: Option<(usize, usize)>,
}

impl<'a> Tag<'a> {
    /// The value of attribute `name` (lower-case), if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_ref())
    }

    /// Whether attribute `name` holds `word` among its space-separated tokens (`rel="preload stylesheet"`).
    pub fn has_token(&self, name: &str, word: &str) -> bool {
        self.attr(name).is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case(word))
        })
    }
}

/// Every tag of `html`, in order. Comments, `<!doctype>` and processing instructions are skipped; the
/// content of `<script>` and `<style>` is raw text (a `<` in it starts no tag). Malformed input never
/// panics: an unterminated tag ends the scan.
pub(crate) fn tags(html: &str) -> Vec<Tag<'_>> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = match comment.find("-->") {
                Some(e) => start + 4 + e + 3,
                None => break,
            };
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            i = match rest.find('>') {
                Some(e) => start + e + 1,
                None => break,
            };
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = start + if closing { 2 } else { 1 };
        let name_end = name_start
            + html[name_start..]
                .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
                .unwrap_or(html.len() - name_start);
        let name = html[name_start..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
            // Not a tag (`a < b` in text).
            i = start + 1;
            continue;
        }
        let Some((attrs, end)) = attributes(html, name_end) else {
            break;
        };
        let mut tag = Tag {
            name,
            closing,
            attrs,
            start,
            end,
            text: None,
        };
        i = end;
        if !closing && (tag.name == "script" || tag.name == "style") {
            let close = format!("</{}", tag.name);
            let text_end = find_ascii_ci(b, end, close.as_bytes()).unwrap_or(html.len());
            tag.text = Some((end, text_end));
            i = text_end;
        }
        out.push(tag);
    }
    out
}

/// Position of `needle` (ASCII, compared case-insensitively) in `hay` at or after `from`.
fn find_ascii_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..hay.len().saturating_sub(needle.len() - 1))
        .find(|&k| hay[k..k + needle.len()].eq_ignore_ascii_case(needle))
}

type Attrs<'a> = Vec<(String, Cow<'a, str>)>;

/// Attributes from `i` (just after the tag name) to the closing `>`: the list and the index after `>`.
fn attributes(html: &str, mut i: usize) -> Option<(Attrs<'_>, usize)> {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            return Some((attrs, i + 1));
        }
        let n0 = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = html[n0..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (v0, v1, next) = match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = html[i + 1..].find(q as char)? + i + 1;
                    (i + 1, close, close + 1)
                }
                _ => {
                    let mut e = i;
                    while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
                        e += 1;
                    }
                    (i, e, e)
                }
            };
            attrs.push((name, unescape(&html[v0..v1])));
            i = next;
        } else {
            attrs.push((name, Cow::Borrowed("")));
        }
    }
}

/// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&#39;`/`&apos;` (what Trunk and [`escape_attr`] write).
fn unescape(v: &str) -> Cow<'_, str> {
    if !v.contains('&') {
        return Cow::Borrowed(v);
    }
    Cow::Owned(
        v.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// Text safe inside a double-quoted attribute value or element text.
pub fn escape_attr(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// What sharing needs to know about the page's `index.html`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageHtml {
    /// The wasm-bindgen glue (ES module) Trunk's boot script imports, relative to the page.
    pub glue: String,
    /// The wasm it passes to `init({ module_or_path })`, relative to the page.
    pub wasm: String,
    /// Stylesheets (`<link rel=stylesheet>`), relative to the page, in order.
    pub stylesheets: Vec<String>,
    /// The `<title>` element and every `<meta>` of the head except `infosweep-*` ones, verbatim.
    pub head_meta: Vec<String>,
}

impl PageHtml {
    /// Reads Trunk's output. Refused: a page whose asset URLs are not relative (built with an absolute
    /// `--public-url`, it would work only under that prefix) and a page without Trunk's boot script.
    pub fn read(html: &str) -> Result<PageHtml, ShareError> {
        let all = tags(html);
        let base = all
            .iter()
            .find(|t| !t.closing && t.name == "base")
            .and_then(|t| t.attr("href"))
            .unwrap_or("");
        if !is_relative(base) {
            return Err(ShareError::AbsoluteBase(base.to_string()));
        }
        let mut stylesheets = Vec::new();
        let mut head_meta = Vec::new();
        let mut boot = None;
        for t in all.iter().filter(|t| !t.closing) {
            match t.name.as_str() {
                "link" if t.has_token("rel", "stylesheet") => {
                    if let Some(h) = t.attr("href") {
                        stylesheets.push(page_path(h)?);
                    }
                }
                "meta" if !t.attr("name").is_some_and(|n| n.starts_with(META_PREFIX)) => {
                    head_meta.push(html[t.start..t.end].to_string());
                }
                "title" => {
                    let close = all
                        .iter()
                        .find(|c| c.closing && c.name == "title" && c.start >= t.end);
                    if let Some(c) = close {
                        head_meta.push(html[t.start..c.end].to_string());
                    }
                }
                "script" if t.attr("src").is_none() && t.attr("type") == Some("module") => {
                    let (a, z) = t.text.unwrap_or((t.end, t.end));
                    if let Some(b) = trunk_boot(&html[a..z]) {
                        boot = Some(b);
                    }
                }
                _ => {}
            }
            if t.name == "body" {
                break;
            }
        }
        let (glue, wasm) = boot.ok_or(ShareError::NoBootScript)?;
        Ok(PageHtml {
            glue: page_path(&glue)?,
            wasm: page_path(&wasm)?,
            stylesheets,
            head_meta,
        })
    }
}

/// A URL that resolves against the page's own folder (`./x`, `x`, `sub/x`), not against a fixed path or
/// another origin.
fn is_relative(url: &str) -> bool {
    !(url.starts_with('/') || url.contains("://") || url.starts_with("data:"))
}

/// An asset URL of the page as a path relative to the page's folder (`./main.css` → `main.css`).
fn page_path(url: &str) -> Result<String, ShareError> {
    if !is_relative(url) {
        return Err(ShareError::AbsoluteAsset(url.to_string()));
    }
    let p = url.trim_start_matches("./");
    let p = p.split(['?', '#']).next().unwrap_or(p);
    if p.is_empty() || p.split('/').any(|s| s == "..") {
        return Err(ShareError::AbsoluteAsset(url.to_string()));
    }
    Ok(p.to_string())
}

/// The glue module and wasm of Trunk's boot script:
/// `import init, * as bindings from '<glue>'; … init({ module_or_path: '<wasm>' })`.
fn trunk_boot(js: &str) -> Option<(String, String)> {
    let glue = string_after(js, "from")?;
    let wasm = string_after(js, "module_or_path:")?;
    Some((glue, wasm))
}

/// The quoted string literal that follows the first `key` in `js`.
fn string_after(js: &str, key: &str) -> Option<String> {
    let rest = js[js.find(key)? + key.len()..].trim_start();
    let q = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '\'' | '"' | '`'))?;
    let end = rest[1..].find(q)?;
    Some(rest[1..1 + end].to_string())
}

/// What a bundle declares in its `index.html` (and a report in its head).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Declarations {
    /// Folder of the shared data, relative to the page (`data/`); `None` in a report (its data is inline).
    pub data: Option<String>,
    /// Settings in hash form (`t=0.5&hl.I2E=1`), used when the link has none; empty = defaults.
    pub settings: String,
    /// Who made it and when, for the page to show.
    pub made: String,
}

impl Declarations {
    /// The `<meta>` elements, one per line.
    pub fn meta(&self) -> String {
        let mut out = String::new();
        let mut push = |name: &str, content: &str| {
            out.push_str(&format!(
                "<meta name=\"{name}\" content=\"{}\">\n",
                escape_attr(content)
            ));
        };
        if let Some(d) = &self.data {
            push(META_DATA, d);
        }
        push(META_SETTINGS, &self.settings);
        push(META_MADE, &self.made);
        out
    }
}

/// `html` with its `infosweep-*` declarations replaced by `decl` (written on lines of their own just before
/// `</head>`, or before `<body>` when the head's end tag was left out).
pub fn with_declarations(html: &str, decl: &Declarations) -> Result<String, ShareError> {
    let all = tags(html);
    let mut out = String::with_capacity(html.len() + 256);
    let mut at = 0;
    let mut inserted = false;
    for t in &all {
        let old = !t.closing
            && t.name == "meta"
            && t.attr("name").is_some_and(|n| n.starts_with(META_PREFIX));
        let here =
            !inserted && ((t.closing && t.name == "head") || (!t.closing && t.name == "body"));
        if old {
            out.push_str(&html[at..t.start]);
            at = t.end;
            // The line break written after it, too.
            if html[at..].starts_with('\n') {
                at += 1;
            }
        } else if here {
            out.push_str(&html[at..t.start]);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&decl.meta());
            at = t.start;
            inserted = true;
        }
    }
    if !inserted {
        return Err(ShareError::NoHead);
    }
    out.push_str(&html[at..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `dist/index.html` as Trunk 0.21.14 writes it with `--release --public-url ./` (minified).
    pub(crate) const TRUNK_RELATIVE: &str =
        include_str!("../../tests/fixtures/share/index-relative.html");
    /// The same page built with `--public-url /infosweep/`.
    const TRUNK_PREFIX: &str = include_str!("../../tests/fixtures/share/index-prefix.html");

    #[test]
    fn trunk_release_page_gives_glue_wasm_stylesheet_and_head_meta() {
        let p = PageHtml::read(TRUNK_RELATIVE).unwrap();
        assert_eq!(p.glue, "infosweep-web-a11ca3af732a5fab.js");
        assert_eq!(p.wasm, "infosweep-web-a11ca3af732a5fab_bg.wasm");
        assert_eq!(p.stylesheets, ["main-9a7e73e2638c9023.css"]);
        assert_eq!(
            p.head_meta,
            [
                "<meta charset=utf-8>",
                "<meta content=\"width=device-width,initial-scale=1\" name=viewport>",
                "<meta content=\"light dark\" name=color-scheme>",
                "<title>infosweep · information sweep figures</title>",
            ]
        );
    }

    #[test]
    fn a_page_built_for_a_fixed_prefix_is_refused_with_its_base() {
        assert_eq!(
            PageHtml::read(TRUNK_PREFIX),
            Err(ShareError::AbsoluteBase("/infosweep/".into()))
        );
        let abs_asset = TRUNK_RELATIVE.replace("href=./main", "href=/main");
        assert_eq!(
            PageHtml::read(&abs_asset),
            Err(ShareError::AbsoluteAsset(
                "/main-9a7e73e2638c9023.css".into()
            ))
        );
    }

    #[test]
    fn a_page_without_trunks_boot_script_is_refused() {
        let html =
            "<html><head><base href=./><link rel=stylesheet href=a.css></head><body></body></html>";
        assert_eq!(PageHtml::read(html), Err(ShareError::NoBootScript));
    }

    #[test]
    fn quoted_unquoted_and_valueless_attributes_are_read_with_spans() {
        let html = "<!doctype html><!-- <meta name=x> --><meta charset=utf-8><link REL='a  Stylesheet' \
                    href=\"x&amp;y.css\" disabled><script>if (a<b) '</p>'</script><p>a < b</p></html>";
        let t = tags(html);
        let names: Vec<_> = t
            .iter()
            .map(|t| format!("{}{}", if t.closing { "/" } else { "" }, t.name))
            .collect();
        assert_eq!(
            names,
            ["meta", "link", "script", "/script", "p", "/p", "/html"]
        );
        assert_eq!(t[1].attr("href"), Some("x&y.css"));
        assert!(t[1].has_token("rel", "stylesheet"));
        assert_eq!(t[1].attr("disabled"), Some(""));
        assert_eq!(&html[t[0].start..t[0].end], "<meta charset=utf-8>");
        let (a, z) = t[2].text.unwrap();
        assert_eq!(&html[a..z], "if (a<b) '</p>'");
    }

    #[test]
    fn unterminated_tags_end_the_scan_without_panicking() {
        for html in [
            "<meta content=\"x",
            "<a href=",
            "<!-- x",
            "<",
            "<p",
            "<script>x",
        ] {
            let _ = tags(html);
        }
        assert!(tags("<p").is_empty());
    }

    #[test]
    fn declarations_go_before_the_end_of_head_and_replace_older_ones() {
        let d = Declarations {
            data: Some("data/".into()),
            settings: "t=0.5&hl.I2E=1".into(),
            made: "infosweep 0.1.0 <test>".into(),
        };
        let once = with_declarations(TRUNK_RELATIVE, &d).unwrap();
        assert!(once.contains(
            "<meta name=\"infosweep-data\" content=\"data/\">\n\
             <meta name=\"infosweep-settings\" content=\"t=0.5&amp;hl.I2E=1\">\n\
             <meta name=\"infosweep-made\" content=\"infosweep 0.1.0 &lt;test&gt;\">\n</head>"
        ));
        let metas = |h: &str| {
            tags(h)
                .into_iter()
                .filter(|t| t.attr("name").is_some_and(|n| n.starts_with(META_PREFIX)))
                .map(|t| {
                    (
                        t.attr("name").unwrap().to_string(),
                        t.attr("content").unwrap().to_string(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            metas(&once),
            [
                ("infosweep-data".to_string(), "data/".to_string()),
                (
                    "infosweep-settings".to_string(),
                    "t=0.5&hl.I2E=1".to_string()
                ),
                (
                    "infosweep-made".to_string(),
                    "infosweep 0.1.0 <test>".to_string()
                ),
            ]
        );
        // A bundle made from a bundle: the declarations are replaced, not added, and nothing else changes.
        let d2 = Declarations {
            settings: String::new(),
            ..d.clone()
        };
        let twice = with_declarations(&once, &d2).unwrap();
        assert_eq!(metas(&twice)[1].1, "");
        assert_eq!(twice.len(), once.len() - "t=0.5&amp;hl.I2E=1".len());
        assert_eq!(
            PageHtml::read(&twice).unwrap(),
            PageHtml::read(TRUNK_RELATIVE).unwrap()
        );
        // Without `</head>` (a minifier may drop it) they go before `<body>`.
        let headless = "<html><meta charset=utf-8><body></body></html>";
        assert!(with_declarations(headless, &d)
            .unwrap()
            .starts_with("<html><meta charset=utf-8>\n<meta name=\"infosweep-data\""));
        assert_eq!(
            with_declarations("<p>no head</p>", &d),
            Err(ShareError::NoHead)
        );
    }
}
