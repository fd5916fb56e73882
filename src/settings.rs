//! The page's settings and their home in the URL hash, free of the DOM so that they are tested natively.
//!
//! Owns: the hash format `#data=<folder>&t=0.5&n=4096&hl.<hparam>=1&name.<hparam>=<text>` (each value
//! percent-encoded), its robust parsing (unknown keys, bad numbers and bad escapes are ignored), and its
//! serialisation (only what differs from the notebook's defaults, in a fixed order, so a link is short and
//! stable). A shared link therefore reproduces the view.

use crate::figures::{FigureOptions, Highlight, PanelOptions};
use crate::stats::Params;
use std::collections::BTreeMap;

pub use crate::notebook::{INFO_THRESHOLD as DEFAULT_THRESHOLD, N_NEURONS_L4 as DEFAULT_N_NEURONS};
/// The largest neuron total accepted from a hash (keeps a typo from asking for a huge x axis).
pub const MAX_N_NEURONS: usize = 10_000_000;

/// Everything a link carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `data=`: a folder URL (relative to the page or absolute) whose `index.json` lists the pickles.
    pub data: Option<String>,
    /// `t=`: a neuron is informative when its value is `>=` this.
    pub threshold: f64,
    /// `n=`: neuron total (x range of Figure 1, denominator of fractions).
    pub n_neurons: usize,
    /// `hl.<hparam>=<index>` or `hl.<hparam>=none`: the highlighted bar of a sweep in Figure 2.
    pub highlight: BTreeMap<String, Option<usize>>,
    /// `name.<hparam>=<text>`: a sweep's display name (the notebook's mathtext subset).
    pub names: BTreeMap<String, String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data: None,
            threshold: DEFAULT_THRESHOLD,
            n_neurons: DEFAULT_N_NEURONS,
            highlight: BTreeMap::new(),
            names: BTreeMap::new(),
        }
    }
}

impl Settings {
    /// Parses a location hash (with or without the leading `#`); whatever cannot be understood is ignored.
    pub fn from_hash(hash: &str) -> Settings {
        let mut s = Settings::default();
        let hash = hash.strip_prefix('#').unwrap_or(hash);
        for pair in hash.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(k);
            let val = decode(v);
            if key == "data" {
                let val = val.trim();
                s.data = (!val.is_empty()).then(|| val.to_string());
            } else if key == "t" {
                if let Some(t) = parse_threshold(&val) {
                    s.threshold = t;
                }
            } else if key == "n" {
                if let Some(n) = parse_n_neurons(&val) {
                    s.n_neurons = n;
                }
            } else if let Some(h) = key.strip_prefix("hl.").filter(|h| !h.is_empty()) {
                if let Some(choice) = parse_highlight(&val) {
                    s.highlight.insert(h.to_string(), choice);
                }
            } else if let Some(h) = key.strip_prefix("name.").filter(|h| !h.is_empty()) {
                if !val.trim().is_empty() {
                    s.names.insert(h.to_string(), val);
                }
            }
        }
        s
    }

    /// The hash (without `#`) holding what differs from the defaults: `data`, `t`, `n`, `hl.*`, `name.*`.
    pub fn to_hash(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = &self.data {
            parts.push(format!("data={}", encode(d)));
        }
        if self.threshold != DEFAULT_THRESHOLD {
            parts.push(format!("t={}", self.threshold));
        }
        if self.n_neurons != DEFAULT_N_NEURONS {
            parts.push(format!("n={}", self.n_neurons));
        }
        for (h, choice) in &self.highlight {
            let v = match choice {
                Some(k) => k.to_string(),
                None => "none".to_string(),
            };
            parts.push(format!("hl.{}={v}", encode(h)));
        }
        for (h, name) in &self.names {
            parts.push(format!("name.{}={}", encode(h), encode(name)));
        }
        parts.join("&")
    }

    /// The statistics parameters (top-k stays the notebook's 10).
    pub fn params(&self) -> Params {
        Params {
            threshold: self.threshold,
            n_neurons: self.n_neurons,
            ..Params::default()
        }
    }

    /// Figure options: neuron total, and display name and highlight of every sweep named in the hash
    /// (keyed by hparam, so they apply to whichever figures show that sweep).
    pub fn figure_options(&self) -> FigureOptions {
        let mut panels = std::collections::BTreeMap::<String, PanelOptions>::new();
        for (h, name) in &self.names {
            panels.entry(h.clone()).or_default().display_name = Some(name.clone());
        }
        for (h, choice) in &self.highlight {
            panels.entry(h.clone()).or_default().highlight = match choice {
                Some(k) => Highlight::Index(*k),
                None => Highlight::Off,
            };
        }
        FigureOptions {
            n_neurons: self.n_neurons,
            panels,
            ..FigureOptions::default()
        }
    }
}

/// A threshold as typed or linked: a finite number (`0.5`, `2/3` as a fraction is accepted too).
pub fn parse_threshold(s: &str) -> Option<f64> {
    let s = s.trim();
    let v = match s.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (a.trim().parse::<f64>().ok()?, b.trim().parse::<f64>().ok()?);
            (b != 0.0).then(|| a / b)?
        }
        None => s.parse::<f64>().ok()?,
    };
    v.is_finite().then_some(v)
}

/// A neuron total: a whole number from 1 to [`MAX_N_NEURONS`].
pub fn parse_n_neurons(s: &str) -> Option<usize> {
    s.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_N_NEURONS).contains(n))
}

/// A highlight choice: an index, or `none`/`-`/empty for no highlight.
pub fn parse_highlight(s: &str) -> Option<Option<usize>> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("none") || s == "-" {
        return Some(None);
    }
    s.parse::<usize>().ok().map(Some)
}

/// Percent-encodes everything but unreserved characters and a few harmless ones (`/:@!$'()*,;`).
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-._~/:@!$'()*,;".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Percent-decodes; a malformed escape is kept as it is, invalid UTF-8 becomes U+FFFD.
pub fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_hash_is_the_notebook_defaults() {
        assert_eq!(Settings::from_hash(""), Settings::default());
        assert_eq!(Settings::from_hash("#"), Settings::default());
        assert_eq!(Settings::default().to_hash(), "");
    }

    #[test]
    fn parses_every_key() {
        let s = Settings::from_hash(
            "#data=/data/results/&t=0.5&n=2048&hl.lrate=1&hl.I2E=none&name.lrate=%24%5Crho%24%20x",
        );
        assert_eq!(s.data.as_deref(), Some("/data/results/"));
        assert_eq!(s.threshold, 0.5);
        assert_eq!(s.n_neurons, 2048);
        assert_eq!(s.highlight.get("lrate"), Some(&Some(1)));
        assert_eq!(s.highlight.get("I2E"), Some(&None));
        assert_eq!(s.names.get("lrate").map(String::as_str), Some(r"$\rho$ x"));
    }

    #[test]
    fn junk_is_ignored() {
        let s = Settings::from_hash(
            "#t=abc&n=-3&n=0&hl.x=two&hl.=1&name.=z&zzz&=&&%&t=inf&data=&name.a=%ZZ%4",
        );
        assert_eq!(s.threshold, DEFAULT_THRESHOLD);
        assert_eq!(s.n_neurons, DEFAULT_N_NEURONS);
        assert!(s.highlight.is_empty());
        assert_eq!(s.data, None);
        assert_eq!(s.names.get("a").map(String::as_str), Some("%ZZ%4"));
        assert_eq!(s.names.len(), 1);
    }

    #[test]
    fn round_trip() {
        let mut s = Settings {
            data: Some("https://example.org/a b/results?x=1&y=2#frag".into()),
            threshold: 0.55,
            n_neurons: 1000,
            ..Settings::default()
        };
        s.highlight.insert("lrate".into(), Some(3));
        s.highlight.insert("a&b=c".into(), None);
        s.names
            .insert("delay_max".into(), r"$d_{\max}$ [ms] é".into());
        let h = s.to_hash();
        assert!(!h.contains(' ') && !h.contains('#'));
        assert_eq!(Settings::from_hash(&format!("#{h}")), s);
        // The default threshold survives a round trip exactly, whether written or not.
        let t = Settings::from_hash(&format!("t={}", DEFAULT_THRESHOLD));
        assert_eq!(t.threshold, DEFAULT_THRESHOLD);
        assert_eq!(t.to_hash(), "");
    }

    #[test]
    fn only_changes_are_written_in_a_fixed_order() {
        let mut s = Settings {
            threshold: 0.5,
            ..Settings::default()
        };
        assert_eq!(s.to_hash(), "t=0.5");
        s.names.insert("lrate".into(), "rate".into());
        s.highlight.insert("lrate".into(), Some(1));
        s.data = Some("results/".into());
        assert_eq!(
            s.to_hash(),
            "data=results/&t=0.5&hl.lrate=1&name.lrate=rate"
        );
    }

    #[test]
    fn thresholds_and_counts() {
        assert_eq!(parse_threshold(" 2/3 "), Some(2.0 / 3.0));
        assert_eq!(parse_threshold("1/0"), None);
        assert_eq!(parse_threshold("NaN"), None);
        assert_eq!(parse_n_neurons("4096"), Some(4096));
        assert_eq!(parse_n_neurons("99999999999"), None);
        assert_eq!(parse_highlight("-"), Some(None));
        assert_eq!(parse_highlight("2"), Some(Some(2)));
        assert_eq!(parse_highlight("x"), None);
    }

    #[test]
    fn options_are_keyed_by_hparam() {
        let mut s = Settings::default();
        s.names.insert("b".into(), "B".into());
        s.highlight.insert("a".into(), None);
        let o = s.figure_options();
        assert_eq!(o.panels["a"].highlight, Highlight::Off);
        assert_eq!(o.panels["a"].display_name, None);
        assert_eq!(o.panels["b"].display_name.as_deref(), Some("B"));
        assert_eq!(o.panels["b"].highlight, Highlight::Notebook);
        assert_eq!(s.params().top_k, 10);
    }
}
