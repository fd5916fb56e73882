//! The page's settings and their home in the URL hash, free of the DOM so that they are tested natively.
//!
//! Owns: the hash format
//! `#data=<folder>&t=0.5&n=4096&hc=1&dpi=600&bg=transparent&rm.<hparam>&hl.<hparam>=1&name.<hparam>=<text>`
//! (each value percent-encoded), its robust parsing (unknown keys, bad numbers and bad escapes are ignored),
//! its serialisation (only what differs from the notebook's defaults, in a fixed order, so a link is short
//! and stable), and the validation of what a user types into the threshold and neuron fields
//! ([`check_threshold`], [`check_n_neurons`]: the value, or the message that says what is wrong). A shared
//! link therefore reproduces the view.

use crate::figures::{Background, FigureOptions, Highlight, PanelOptions};
use crate::keymap::{KeyMap, KeySet};
use crate::stats::Params;

pub use crate::notebook::{INFO_THRESHOLD as DEFAULT_THRESHOLD, N_NEURONS_L4 as DEFAULT_N_NEURONS};
/// The largest neuron total accepted (keeps a typo from asking for a huge x axis).
pub const MAX_N_NEURONS: usize = 10_000_000;
/// The default threshold as the field shows it (the notebook's `INFO_THRESHOLD = 2 / 3`).
pub const DEFAULT_THRESHOLD_TEXT: &str = "2/3";

/// The resolution of the page's PNG export (`dpi=`); 300 dpi is matplotlib's `savefig(dpi=300)` of the
/// notebook, 600 dpi is for print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PngDpi {
    #[default]
    Dpi300,
    Dpi600,
}

impl PngDpi {
    /// Every choice, in the order a control lists them.
    pub const ALL: [PngDpi; 2] = [PngDpi::Dpi300, PngDpi::Dpi600];

    /// Dots per inch.
    pub fn dpi(self) -> u32 {
        match self {
            PngDpi::Dpi300 => 300,
            PngDpi::Dpi600 => 600,
        }
    }

    /// The choice for a dpi number (`300`, `600`); anything else is `None`.
    pub fn from_dpi(s: &str) -> Option<PngDpi> {
        PngDpi::ALL
            .into_iter()
            .find(|d| s.trim() == d.dpi().to_string())
    }

    /// Pixels per metre, as a PNG `pHYs` chunk says it (300 dpi = 11811 px/m).
    pub fn pixels_per_metre(self) -> u32 {
        (f64::from(self.dpi()) / 0.0254).round() as u32
    }
}

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
    pub highlight: KeyMap<Option<usize>>,
    /// `name.<hparam>=<text>`: a sweep's display name (the notebook's mathtext subset).
    pub names: KeyMap<String>,
    /// `rm.<hparam>`: sweeps of the linked folder (`data=`, or the demo without it) the user removed; a
    /// reload of the link leaves them out. Local files are never reloaded, so they need no entry.
    pub removed: KeySet,
    /// `hc=1`: figures in high contrast (darker colours and line styles) instead of the notebook's look.
    pub high_contrast: bool,
    /// `dpi=600`: the PNG export's resolution.
    pub png_dpi: PngDpi,
    /// `bg=transparent`: exported figures (SVG, PNG, PDF) without the white figure and axes fill.
    pub background: Background,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            data: None,
            threshold: DEFAULT_THRESHOLD,
            n_neurons: DEFAULT_N_NEURONS,
            highlight: KeyMap::new(),
            names: KeyMap::new(),
            removed: KeySet::new(),
            high_contrast: false,
            png_dpi: PngDpi::default(),
            background: Background::White,
        }
    }
}

/// The hash value of a background (`bg=`).
fn background_key(b: Background) -> &'static str {
    match b {
        Background::White => "white",
        Background::Transparent => "transparent",
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
                if let Ok(t) = check_threshold(&val) {
                    s.threshold = t;
                }
            } else if key == "n" {
                if let Ok(n) = check_n_neurons(&val) {
                    s.n_neurons = n;
                }
            } else if key == "hc" {
                s.high_contrast = matches!(val.trim(), "1" | "true" | "yes" | "on");
            } else if key == "dpi" {
                if let Some(d) = PngDpi::from_dpi(&val) {
                    s.png_dpi = d;
                }
            } else if key == "bg" {
                if let Some(b) = [Background::White, Background::Transparent]
                    .into_iter()
                    .find(|b| val.trim().eq_ignore_ascii_case(background_key(*b)))
                {
                    s.background = b;
                }
            } else if let Some(h) = key.strip_prefix("rm.").filter(|h| !h.is_empty()) {
                s.removed.insert(h.to_string());
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

    /// The hash (without `#`) holding what differs from the defaults: `data`, `t`, `n`, `hc`, `dpi`, `bg`,
    /// `rm.*`, `hl.*`, `name.*`.
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
        if self.high_contrast {
            parts.push("hc=1".into());
        }
        if self.png_dpi != PngDpi::default() {
            parts.push(format!("dpi={}", self.png_dpi.dpi()));
        }
        if self.background != Background::White {
            parts.push(format!("bg={}", background_key(self.background)));
        }
        for h in &self.removed {
            parts.push(format!("rm.{}", encode(h)));
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

    /// Forgets the per-sweep settings (`hl.`, `name.`) of a sweep that is no longer shown; `true` when
    /// anything was dropped.
    pub fn forget_sweep(&mut self, hparam: &str) -> bool {
        let hl = self.highlight.remove(hparam).is_some();
        let name = self.names.remove(hparam).is_some();
        hl || name
    }

    /// The statistics parameters (top-k stays the notebook's 10).
    pub fn params(&self) -> Params {
        Params {
            threshold: self.threshold,
            n_neurons: self.n_neurons,
            ..Params::default()
        }
    }

    /// Figure options: neuron total, high contrast, background, and display name and highlight of every
    /// sweep named in the hash (keyed by hparam, so they apply to whichever figures show that sweep).
    pub fn figure_options(&self) -> FigureOptions {
        let mut panels = KeyMap::<PanelOptions>::new();
        for (h, name) in &self.names {
            panels.get_or_insert_default(h).display_name = Some(name.clone());
        }
        for (h, choice) in &self.highlight {
            panels.get_or_insert_default(h).highlight = match choice {
                Some(k) => Highlight::Index(*k),
                None => Highlight::Off,
            };
        }
        FigureOptions {
            n_neurons: self.n_neurons,
            panels,
            high_contrast: self.high_contrast,
            background: self.background,
        }
    }
}

/// Why a typed threshold or neuron total cannot be used. Its `Display` is the message the page shows under
/// the field (and a screen reader reads with it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("Enter a threshold: a number such as 0.5, or a fraction such as 2/3.")]
    ThresholdEmpty,
    #[error("“{0}” is not a number: enter a number such as 0.5, or a fraction such as 2/3.")]
    ThresholdNotANumber(String),
    #[error("“{0}” divides by zero: enter a fraction such as 2/3.")]
    ThresholdDivisionByZero(String),
    #[error("The threshold must be greater than 0 ({0} is not).")]
    ThresholdNotPositive(String),
    #[error("The threshold must be at most 1 ({0} is more).")]
    ThresholdAboveOne(String),
    #[error("Enter the number of neurons: a whole number such as 4096.")]
    NeuronsEmpty,
    #[error("“{0}” is not a whole number: enter digits only, such as 4096.")]
    NeuronsNotWhole(String),
    #[error("The number of neurons must be at least 1.")]
    NeuronsTooFew,
    #[error("The number of neurons must be at most 10000000 ({0} is more).")]
    NeuronsTooMany(String),
}

/// A threshold as typed or linked: a number (`0.5`, `.5`, `5e-1`, `0,5` with a decimal comma) or a
/// fraction (`2/3`), finite, with `0 < t <= 1` (information is compared with `>=`, so 0 would count every
/// neuron and anything above 1 none).
pub fn check_threshold(s: &str) -> Result<f64, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::ThresholdEmpty);
    }
    let nan = || FieldError::ThresholdNotANumber(s.to_string());
    let v = match s.split_once('/') {
        Some((a, b)) => {
            let (a, b) = (decimal(a).ok_or_else(nan)?, decimal(b).ok_or_else(nan)?);
            if b == 0.0 {
                return Err(FieldError::ThresholdDivisionByZero(s.to_string()));
            }
            a / b
        }
        None => decimal(s).ok_or_else(nan)?,
    };
    if !v.is_finite() {
        Err(nan())
    } else if v <= 0.0 {
        Err(FieldError::ThresholdNotPositive(s.to_string()))
    } else if v > 1.0 {
        Err(FieldError::ThresholdAboveOne(s.to_string()))
    } else {
        Ok(v)
    }
}

/// A finite decimal number; one comma stands for the decimal point when there is no point (`0,5`).
/// Words Rust's parser knows (`inf`, `NaN`) are not numbers here.
fn decimal(s: &str) -> Option<f64> {
    let s = s.trim();
    let s = if !s.contains('.') && s.matches(',').count() == 1 {
        s.replacen(',', ".", 1)
    } else {
        s.to_string()
    };
    let numeric = |c: char| c.is_ascii_digit() || matches!(c, '.' | '+' | '-' | 'e' | 'E');
    if !s.chars().all(numeric) {
        return None;
    }
    crate::decimal::parse(&s).filter(|v| v.is_finite())
}

/// A neuron total: digits only (an optional leading `+`), from 1 to [`MAX_N_NEURONS`]. `1e12` or `4096.0`
/// are refused rather than rounded, so that a half-typed value is never taken for another.
pub fn check_n_neurons(s: &str) -> Result<usize, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::NeuronsEmpty);
    }
    let (negative, digits) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::NeuronsNotWhole(s.to_string()));
    }
    if negative || digits.bytes().all(|b| b == b'0') {
        return Err(FieldError::NeuronsTooFew);
    }
    match digits.parse::<usize>() {
        Ok(n) if n <= MAX_N_NEURONS => Ok(n),
        _ => Err(FieldError::NeuronsTooMany(s.to_string())),
    }
}

/// The threshold as its field shows it: `2/3` for the notebook's default, the shortest decimal that reads
/// back as the same number otherwise.
pub fn threshold_text(t: f64) -> String {
    if t == DEFAULT_THRESHOLD {
        DEFAULT_THRESHOLD_TEXT.to_string()
    } else {
        format!("{t}")
    }
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
    fn per_sweep_keys_are_written_in_bytewise_order_and_the_last_repeat_wins() {
        // The string main's BTreeMap-based settings wrote for this hash (checked before the switch to
        // KeyMap): upper case before lower case, then multi-byte UTF-8; a repeated key keeps its last value.
        let s = Settings::from_hash(
            "hl.b=1&hl.a=2&hl.B=3&hl.=4&hl.a=5&name.b=x&name.b=y&rm.z&rm.z&rm.Z&hl.%C3%A9=0&rm.%C3%A9",
        );
        let h = s.to_hash();
        assert_eq!(
            h,
            "rm.Z&rm.z&rm.%C3%A9&hl.B=3&hl.a=5&hl.b=1&hl.%C3%A9=0&name.b=y"
        );
        assert_eq!(Settings::from_hash(&h).to_hash(), h);
        let o = s.figure_options();
        let panels: Vec<&str> = o.panels.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(panels, ["B", "a", "b", "é"]);
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
    fn thresholds_in_range_and_fractions_are_accepted() {
        assert_eq!(check_threshold(" 2/3 "), Ok(2.0 / 3.0));
        assert_eq!(
            check_threshold(DEFAULT_THRESHOLD_TEXT),
            Ok(DEFAULT_THRESHOLD)
        );
        assert_eq!(check_threshold("1"), Ok(1.0));
        assert_eq!(check_threshold("0.5"), Ok(0.5));
        assert_eq!(check_threshold(".5"), Ok(0.5));
        assert_eq!(check_threshold("5e-1"), Ok(0.5));
        assert_eq!(check_threshold("0,5"), Ok(0.5), "a decimal comma");
        assert_eq!(check_threshold("1 / 4"), Ok(0.25));
        assert_eq!(check_threshold("1e-300"), Ok(1e-300));
    }

    #[test]
    fn thresholds_out_of_range_or_unreadable_say_why() {
        use FieldError::*;
        assert_eq!(check_threshold(""), Err(ThresholdEmpty));
        assert_eq!(check_threshold("  "), Err(ThresholdEmpty));
        assert_eq!(check_threshold("2"), Err(ThresholdAboveOne("2".into())));
        assert_eq!(check_threshold("23"), Err(ThresholdAboveOne("23".into())));
        assert_eq!(check_threshold("3/2"), Err(ThresholdAboveOne("3/2".into())));
        assert_eq!(
            check_threshold("1.0000001"),
            Err(ThresholdAboveOne("1.0000001".into()))
        );
        assert_eq!(
            check_threshold("-1"),
            Err(ThresholdNotPositive("-1".into()))
        );
        assert_eq!(check_threshold("0"), Err(ThresholdNotPositive("0".into())));
        assert_eq!(
            check_threshold("-0"),
            Err(ThresholdNotPositive("-0".into()))
        );
        assert_eq!(
            check_threshold("-2/3"),
            Err(ThresholdNotPositive("-2/3".into()))
        );
        assert_eq!(
            check_threshold("1/0"),
            Err(ThresholdDivisionByZero("1/0".into()))
        );
        for s in [
            "NaN", "inf", "-inf", "infinity", "abc", "0.5.1", "1e400", "2/", "/3", "2/3/4", "0x1",
            "½", "0,5,1",
        ] {
            assert_eq!(
                check_threshold(s),
                Err(ThresholdNotANumber(s.into())),
                "{s}"
            );
        }
        // The message names the problem and what to type instead.
        let m = check_threshold("2").unwrap_err().to_string();
        assert_eq!(m, "The threshold must be at most 1 (2 is more).");
        let m = check_threshold("abc").unwrap_err().to_string();
        assert!(m.contains("“abc”") && m.contains("2/3"), "{m}");
    }

    #[test]
    fn neuron_totals_are_whole_numbers_from_1_to_ten_million() {
        use FieldError::*;
        assert_eq!(check_n_neurons("4096"), Ok(4096));
        assert_eq!(check_n_neurons(" +100 "), Ok(100));
        assert_eq!(check_n_neurons("1"), Ok(1));
        assert_eq!(check_n_neurons("10000000"), Ok(MAX_N_NEURONS));
        assert_eq!(
            check_n_neurons("10000001"),
            Err(NeuronsTooMany("10000001".into()))
        );
        assert_eq!(
            check_n_neurons("99999999999999999999999999"),
            Err(NeuronsTooMany("99999999999999999999999999".into()))
        );
        assert_eq!(check_n_neurons("0"), Err(NeuronsTooFew));
        assert_eq!(check_n_neurons("000"), Err(NeuronsTooFew));
        assert_eq!(check_n_neurons("-5"), Err(NeuronsTooFew));
        assert_eq!(check_n_neurons(""), Err(NeuronsEmpty));
        // Typing 1e12 passes through "1" and "1e": neither "1e" nor "1e12" is ever read as a number.
        for s in [
            "1e12", "1e", "1e400", "4096.0", "4,096", "4 096", "-", "+", "12a", "0x10",
        ] {
            assert_eq!(check_n_neurons(s), Err(NeuronsNotWhole(s.into())), "{s}");
        }
        assert_eq!(
            check_n_neurons("1e12").unwrap_err().to_string(),
            "“1e12” is not a whole number: enter digits only, such as 4096."
        );
    }

    #[test]
    fn the_default_threshold_shows_as_two_thirds_and_others_read_back_exactly() {
        assert_eq!(threshold_text(DEFAULT_THRESHOLD), "2/3");
        for t in [0.5, 0.1, 1.0, 0.123456789, 1e-7] {
            let text = threshold_text(t);
            assert_eq!(check_threshold(&text), Ok(t), "{text}");
        }
        assert_eq!(threshold_text(0.5), "0.5");
    }

    #[test]
    fn out_of_range_values_in_a_link_are_ignored() {
        let s = Settings::from_hash("#t=2&n=0");
        assert_eq!(s.threshold, DEFAULT_THRESHOLD);
        assert_eq!(s.n_neurons, DEFAULT_N_NEURONS);
        let s = Settings::from_hash("#t=-1&n=1e12");
        assert_eq!(s.threshold, DEFAULT_THRESHOLD);
        assert_eq!(s.n_neurons, DEFAULT_N_NEURONS);
        assert_eq!(Settings::from_hash("#t=2%2F3").threshold, DEFAULT_THRESHOLD);
        assert_eq!(Settings::from_hash("#t=1%2F4").threshold, 0.25);
    }

    #[test]
    fn highlights() {
        assert_eq!(parse_highlight("-"), Some(None));
        assert_eq!(parse_highlight("2"), Some(Some(2)));
        assert_eq!(parse_highlight("x"), None);
    }

    #[test]
    fn contrast_resolution_and_removed_sweeps_round_trip() {
        let mut s = Settings {
            high_contrast: true,
            png_dpi: PngDpi::Dpi600,
            ..Settings::default()
        };
        s.removed.insert("lrate".into());
        s.removed.insert(r"$\rho$ & co".into());
        let h = s.to_hash();
        assert_eq!(h, "hc=1&dpi=600&rm.$%5Crho$%20%26%20co&rm.lrate");
        assert_eq!(Settings::from_hash(&h), s);
        // Defaults are not written; junk values fall back to them.
        assert_eq!(Settings::from_hash("hc=0&dpi=300").to_hash(), "");
        let junk = Settings::from_hash("hc=maybe&dpi=72&rm.=");
        assert!(!junk.high_contrast);
        assert_eq!(junk.png_dpi, PngDpi::Dpi300);
        assert!(junk.removed.is_empty());
        assert_eq!(PngDpi::Dpi300.pixels_per_metre(), 11811);
        assert_eq!(PngDpi::Dpi600.pixels_per_metre(), 23622);
    }

    #[test]
    fn transparent_background_round_trips_and_reaches_the_figures() {
        let s = Settings {
            background: Background::Transparent,
            threshold: 0.5,
            ..Settings::default()
        };
        let h = s.to_hash();
        assert_eq!(h, "t=0.5&bg=transparent");
        let back = Settings::from_hash(&format!("#{h}"));
        assert_eq!(back, s);
        assert_eq!(back.figure_options().background, Background::Transparent);
        // The default is not written; `bg=white` reads as it; junk is ignored.
        assert_eq!(Settings::from_hash("bg=white").to_hash(), "");
        assert_eq!(
            Settings::from_hash("bg=Transparent").background,
            Background::Transparent
        );
        assert_eq!(Settings::from_hash("bg=blue").background, Background::White);
        assert_eq!(
            Settings::default().figure_options().background,
            Background::White
        );
        // Order with the other look settings is fixed.
        let all = Settings {
            high_contrast: true,
            png_dpi: PngDpi::Dpi600,
            background: Background::Transparent,
            ..Settings::default()
        };
        assert_eq!(all.to_hash(), "hc=1&dpi=600&bg=transparent");
        assert_eq!(Settings::from_hash(&all.to_hash()), all);
    }

    #[test]
    fn forgetting_a_sweep_drops_its_keys_only() {
        let mut s = Settings::from_hash("hl.lrate=1&name.lrate=r&hl.I2E=none&name.I2E=i");
        assert!(s.forget_sweep("lrate"));
        assert_eq!(s.to_hash(), "hl.I2E=none&name.I2E=i");
        assert!(!s.forget_sweep("lrate"));
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
        assert!(!o.high_contrast);
        s.high_contrast = true;
        assert!(s.figure_options().high_contrast);
        assert_eq!(s.params().top_k, 10);
    }
}
