//! A parser and typesetter for the small mathtext subset the notebook's labels use (`$\rho$`,
//! `$\lambda^{I \to E}$ [nS]`, `$d_{\max}$ [ms]`, `$\mathcal{I}\; (s, \vec{R})$`, `$\mathdefault{10^{3}}$`).
//!
//! Owns: turning a label into positioned, styled runs (face, size scale, baseline rise, x offset, an
//! over-arrow flag) measured with [`super::metrics`], laid out like matplotlib's mathtext with the DejaVu Sans
//! fontset. Supported: plain text outside `$..$`; inside, `^`/`_` with `{..}` or one token, Greek letters by
//! name (`\rho`, `\lambda`, `\Gamma`, ...), `\to`/`\rightarrow`/`\leftarrow`, operator names (`\max`, `\min`,
//! `\log`, ...), `\mathcal{..}`, `\vec{..}`, `\mathdefault{..}`/`\mathrm{..}`/`\mathit{..}`, spaces `\; \, \: \!
//! \quad`, escaped `\$ \% \_ \{ \}`. Anything else (unbalanced `$` or braces, unknown commands) makes the
//! whole label plain text; it never panics.

use super::metrics::{self, Face};

/// Superscript/subscript size relative to their nucleus (matplotlib's SHRINK_FACTOR).
pub const SCRIPT_SCALE: f64 = 0.7;
/// Superscript baseline rise, em of the nucleus size (measured in matplotlib's SVG output).
pub const SUP_RISE: f64 = 0.383;
/// Subscript baseline drop, em of the nucleus size.
pub const SUB_DROP: f64 = 0.164;
/// Space around relations (`\to`, `=`) and after a comma inside math, em of the current size (matplotlib's
/// mathtext; literal spaces inside math are ignored, as in TeX).
pub const MATH_SPACE: f64 = 0.195;
/// Extra gap before a superscript after an italic nucleus (italic correction), em of the nucleus size.
const ITALIC_CORRECTION: f64 = 0.0745;

/// One run of text set in one face, size and baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub face: Face,
    /// Font size relative to the label's size.
    pub scale: f64,
    /// Baseline shift in em of the label size, positive = up.
    pub rise: f64,
    /// Start of the run from the label's origin, in em of the label size.
    pub x: f64,
    /// Width of the run, em of the label size.
    pub width: f64,
    /// Draw an arrow above the run (`\vec`).
    pub arrow: bool,
}

/// A typeset label: runs plus its extents in em of the label size.
#[derive(Debug, Clone, PartialEq)]
pub struct RichText {
    pub runs: Vec<Run>,
    /// Advance width.
    pub width: f64,
    /// True when the label had math (`$..$`) in it (matplotlib then measures it with mathtext).
    pub is_math: bool,
}

impl RichText {
    /// Plain text in one face.
    pub fn plain(s: &str) -> RichText {
        RichText::plain_measured(s, metrics::width)
    }

    fn plain_measured(s: &str, measure: Measure) -> RichText {
        let width = measure(Face::Roman, s);
        RichText {
            runs: vec![Run {
                text: s.to_string(),
                face: Face::Roman,
                scale: 1.0,
                rise: 0.0,
                x: 0.0,
                width,
                arrow: false,
            }],
            width,
            is_math: false,
        }
    }

    /// Ink top (above baseline) and bottom (negative, below) in em, arrows included.
    pub fn ink_y(&self) -> (f64, f64) {
        let mut top: f64 = 0.0;
        let mut bottom: f64 = 0.0;
        for r in &self.runs {
            let (t, b) = metrics::ink_y(r.face, &r.text);
            top = top.max(r.rise + r.scale * t);
            bottom = bottom.min(r.rise + r.scale * b);
            if r.arrow {
                top = top.max(r.rise + r.scale * ARROW_TOP);
            }
        }
        (top, bottom)
    }

    /// All text of the runs concatenated (what a reader of the SVG sees).
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// `\vec` arrow geometry, em of the run size above the run baseline / along the run.
pub const ARROW_Y: f64 = 0.96;
pub const ARROW_TOP: f64 = 1.06;
pub const ARROW_X0: f64 = 0.30;
pub const ARROW_X1: f64 = 0.95;
pub const ARROW_HEAD: f64 = 0.09;

/// Parses and typesets `s`; falls back to plain text when the math is not understood.
pub fn parse(s: &str) -> RichText {
    typeset(s, metrics::width).unwrap_or_else(|| RichText::plain(s))
}

/// How the typesetter measures a run of text: advance width in em of the run's size.
type Measure = fn(Face, &str) -> f64;

/// Text measured as zero wide. The runs' positions then hold only the explicit spacing (math spaces, italic
/// corrections, `\ `), which is all [`readable_pieces`] looks at, since a run's gap to the one before is its
/// start minus the previous run's start and width. The page's own wasm calls only this path, so it links no font
/// tables (5,028 B gzip).
fn unmeasured(_: Face, _: &str) -> f64 {
    0.0
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Style {
    face: Face,
    scale: f64,
    rise: f64,
    arrow: bool,
    /// Inside `\mathrm`/`\mathdefault`: letters stay upright.
    upright: bool,
}

struct Typesetter {
    measure: Measure,
    runs: Vec<Run>,
    x: f64,
    /// Face of the last glyph set (for italic correction before superscripts).
    last_face: Option<Face>,
}

impl Typesetter {
    fn push(&mut self, text: &str, st: Style) {
        if text.is_empty() {
            return;
        }
        let width = st.scale * (self.measure)(st.face, text);
        match self.runs.last_mut() {
            Some(r)
                if r.face == st.face
                    && r.scale == st.scale
                    && r.rise == st.rise
                    && !r.arrow
                    && !st.arrow
                    && (r.x + r.width - self.x).abs() < 1e-12 =>
            {
                r.text.push_str(text);
                r.width += width;
            }
            _ => self.runs.push(Run {
                text: text.to_string(),
                face: st.face,
                scale: st.scale,
                rise: st.rise,
                x: self.x,
                width,
                arrow: st.arrow,
            }),
        }
        self.x += width;
        self.last_face = Some(st.face);
    }

    fn space(&mut self, em: f64, st: Style) {
        self.x += em * st.scale;
    }
}

fn typeset(s: &str, measure: Measure) -> Option<RichText> {
    let parts: Vec<&str> = s.split('$').collect();
    let has_escaped_dollar = s.contains("\\$");
    if has_escaped_dollar || parts.len() % 2 == 0 {
        // An odd count of '$' (unbalanced) or escaped dollars: plain text, like an unparsable label.
        return if parts.len() == 1 {
            Some(RichText::plain_measured(s, measure))
        } else {
            None
        };
    }
    let mut ts = Typesetter {
        measure,
        runs: Vec::new(),
        x: 0.0,
        last_face: None,
    };
    let base = Style {
        face: Face::Roman,
        scale: 1.0,
        rise: 0.0,
        arrow: false,
        upright: false,
    };
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            ts.push(part, base);
        } else {
            let tokens = tokenize(part)?;
            let mut pos = 0;
            math_list(&tokens, &mut pos, &mut ts, base, false)?;
            if pos != tokens.len() {
                return None;
            }
        }
    }
    let width = ts.x;
    Some(RichText {
        runs: ts.runs,
        width,
        is_math: parts.len() > 1,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Char(char),
    Cmd(String),
    Open,
    Close,
    Sup,
    Sub,
}

fn tokenize(s: &str) -> Option<Vec<Tok>> {
    let mut out = Vec::new();
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = it.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        it.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    // One-character command: \; \, \: \! \  \% \_ \{ \} \#
                    let n = it.next()?;
                    name.push(n);
                }
                out.push(Tok::Cmd(name));
            }
            '{' => out.push(Tok::Open),
            '}' => out.push(Tok::Close),
            '^' => out.push(Tok::Sup),
            '_' => out.push(Tok::Sub),
            c => out.push(Tok::Char(c)),
        }
    }
    Some(out)
}

fn greek(name: &str) -> Option<(char, Face)> {
    const LOWER: &[(&str, char)] = &[
        ("alpha", 'α'),
        ("beta", 'β'),
        ("gamma", 'γ'),
        ("delta", 'δ'),
        ("epsilon", 'ϵ'),
        ("varepsilon", 'ε'),
        ("zeta", 'ζ'),
        ("eta", 'η'),
        ("theta", 'θ'),
        ("vartheta", 'ϑ'),
        ("iota", 'ι'),
        ("kappa", 'κ'),
        ("lambda", 'λ'),
        ("mu", 'μ'),
        ("nu", 'ν'),
        ("xi", 'ξ'),
        ("pi", 'π'),
        ("varpi", 'ϖ'),
        ("rho", 'ρ'),
        ("varrho", 'ϱ'),
        ("sigma", 'σ'),
        ("varsigma", 'ς'),
        ("tau", 'τ'),
        ("upsilon", 'υ'),
        ("phi", 'ϕ'),
        ("varphi", 'φ'),
        ("chi", 'χ'),
        ("psi", 'ψ'),
        ("omega", 'ω'),
    ];
    const UPPER: &[(&str, char)] = &[
        ("Gamma", 'Γ'),
        ("Delta", 'Δ'),
        ("Theta", 'Θ'),
        ("Lambda", 'Λ'),
        ("Xi", 'Ξ'),
        ("Pi", 'Π'),
        ("Sigma", 'Σ'),
        ("Upsilon", 'Υ'),
        ("Phi", 'Φ'),
        ("Psi", 'Ψ'),
        ("Omega", 'Ω'),
    ];
    if let Some((_, c)) = LOWER.iter().find(|(n, _)| *n == name) {
        return Some((*c, Face::Italic));
    }
    UPPER
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, c)| (*c, Face::Roman))
}

const OPERATORS: &[&str] = &[
    "max", "min", "log", "ln", "exp", "sin", "cos", "tan", "lim", "sup", "inf", "det", "arg",
    "deg", "dim",
];

/// Sets tokens until a closing brace (when `in_group`) or the end.
fn math_list(
    toks: &[Tok],
    pos: &mut usize,
    ts: &mut Typesetter,
    st: Style,
    in_group: bool,
) -> Option<()> {
    while let Some(t) = toks.get(*pos) {
        match t {
            Tok::Close => {
                return if in_group { Some(()) } else { None };
            }
            Tok::Sup | Tok::Sub => {
                let sup = *t == Tok::Sup;
                *pos += 1;
                if sup && ts.last_face == Some(Face::Italic) {
                    ts.x += ITALIC_CORRECTION * st.scale;
                } else if sup {
                    ts.x += 0.01 * st.scale;
                }
                let scale = if st.scale * SCRIPT_SCALE < 0.45 {
                    st.scale
                } else {
                    st.scale * SCRIPT_SCALE
                };
                let rise = if sup {
                    st.rise + SUP_RISE * st.scale
                } else {
                    st.rise - SUB_DROP * st.scale
                };
                let inner = Style { scale, rise, ..st };
                atom(toks, pos, ts, inner)?;
            }
            _ => atom(toks, pos, ts, st)?,
        }
    }
    if in_group {
        None
    } else {
        Some(())
    }
}

/// Sets one atom: a group `{..}`, a command (with its argument), or a character.
fn atom(toks: &[Tok], pos: &mut usize, ts: &mut Typesetter, st: Style) -> Option<()> {
    let t = toks.get(*pos)?.clone();
    *pos += 1;
    match t {
        Tok::Open => {
            math_list(toks, pos, ts, st, true)?;
            // math_list stopped at the closing brace.
            if toks.get(*pos) == Some(&Tok::Close) {
                *pos += 1;
                Some(())
            } else {
                None
            }
        }
        Tok::Close | Tok::Sup | Tok::Sub => None,
        Tok::Char(c) => {
            if c == ' ' {
                // Ignored in math mode.
            } else if matches!(c, '=' | '<' | '>') {
                ts.space(MATH_SPACE, st);
                ts.push(
                    &c.to_string(),
                    Style {
                        face: Face::Roman,
                        ..st
                    },
                );
                ts.space(MATH_SPACE, st);
            } else if c == ',' {
                ts.push(
                    ",",
                    Style {
                        face: Face::Roman,
                        ..st
                    },
                );
                ts.space(MATH_SPACE, st);
            } else {
                let face = if !c.is_alphabetic() || st.upright {
                    Face::Roman
                } else if st.face == Face::Roman {
                    Face::Italic
                } else {
                    st.face
                };
                let text = if c == '-' {
                    '\u{2212}'.to_string()
                } else {
                    c.to_string()
                };
                ts.push(&text, Style { face, ..st });
            }
            Some(())
        }
        Tok::Cmd(name) => command(&name, toks, pos, ts, st),
    }
}

fn command(
    name: &str,
    toks: &[Tok],
    pos: &mut usize,
    ts: &mut Typesetter,
    st: Style,
) -> Option<()> {
    if let Some((c, face)) = greek(name) {
        let face = if st.upright { Face::Roman } else { face };
        ts.push(&c.to_string(), Style { face, ..st });
        return Some(());
    }
    if OPERATORS.contains(&name) {
        ts.push(
            name,
            Style {
                face: Face::Roman,
                ..st
            },
        );
        ts.last_face = Some(Face::Roman);
        return Some(());
    }
    match name {
        "to" | "rightarrow" | "leftarrow" => {
            ts.space(MATH_SPACE, st);
            ts.push(
                if name == "leftarrow" {
                    "\u{2190}"
                } else {
                    "\u{2192}"
                },
                Style {
                    face: Face::Roman,
                    ..st
                },
            );
            ts.space(MATH_SPACE, st);
        }
        "pm" => ts.push(
            "±",
            Style {
                face: Face::Roman,
                ..st
            },
        ),
        "times" => ts.push(
            "×",
            Style {
                face: Face::Roman,
                ..st
            },
        ),
        "cdot" => ts.push(
            "·",
            Style {
                face: Face::Roman,
                ..st
            },
        ),
        "infty" => ts.push(
            "∞",
            Style {
                face: Face::Roman,
                ..st
            },
        ),
        ";" => ts.space(0.2706, st),
        ":" => ts.space(0.2222, st),
        "," => ts.space(0.1667, st),
        "!" => ts.space(-0.1667, st),
        " " => ts.space(metrics::SPACE_ADVANCE, st),
        "quad" => ts.space(1.0, st),
        "qquad" => ts.space(2.0, st),
        "%" | "_" | "{" | "}" | "#" | "&" | "$" => ts.push(
            name,
            Style {
                face: Face::Roman,
                ..st
            },
        ),
        "mathcal" => {
            return atom(
                toks,
                pos,
                ts,
                Style {
                    face: Face::Script,
                    upright: false,
                    ..st
                },
            );
        }
        "mathdefault" | "mathrm" | "text" | "textrm" | "mathsf" => {
            return atom(
                toks,
                pos,
                ts,
                Style {
                    face: Face::Roman,
                    upright: true,
                    ..st
                },
            );
        }
        "mathit" => {
            return atom(
                toks,
                pos,
                ts,
                Style {
                    face: Face::Italic,
                    upright: false,
                    ..st
                },
            );
        }
        "vec" => {
            return atom(toks, pos, ts, Style { arrow: true, ..st });
        }
        _ => return None,
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn faces(r: &RichText) -> Vec<(String, Face)> {
        r.runs.iter().map(|r| (r.text.clone(), r.face)).collect()
    }

    #[test]
    fn rho_is_one_italic_greek_run() {
        let r = parse(r"$\rho$");
        assert_eq!(faces(&r), vec![("ρ".to_string(), Face::Italic)]);
        assert!(r.is_math);
    }

    #[test]
    fn lambda_superscript_matches_matplotlib_positions() {
        let r = parse(r"$\lambda^{I \to E}$ [nS]");
        assert_eq!(r.text(), "λI→E [nS]");
        let sup: Vec<&Run> = r.runs.iter().filter(|r| r.rise > 0.0).collect();
        assert_eq!(sup.len(), 3, "{:?}", r.runs);
        assert!(sup.iter().all(|r| (r.scale - 0.7).abs() < 1e-12));
        // matplotlib: I at 0.666, arrow at 1.009, E at 1.732, '[' at 2.519 (em)
        assert!((sup[0].x - 0.6663).abs() < 0.002, "{}", sup[0].x);
        assert!((sup[1].x - 1.0091).abs() < 0.002, "{}", sup[1].x);
        assert!((sup[2].x - 1.7320).abs() < 0.002, "{}", sup[2].x);
        let tail = r.runs.last().map(|r| (r.text.clone(), r.face, r.x));
        assert_eq!(
            tail.as_ref().map(|t| (t.0.as_str(), t.1)),
            Some((" [nS]", Face::Roman))
        );
        assert!((tail.map(|t| t.2).unwrap_or(0.0) - 2.1744).abs() < 0.03);
    }

    #[test]
    fn dmax_has_upright_subscript() {
        let r = parse(r"$d_{\max}$ [ms]");
        assert_eq!(
            faces(&r)[..2],
            [
                ("d".to_string(), Face::Italic),
                ("max".to_string(), Face::Roman)
            ]
        );
        assert!(r.runs[1].rise < 0.0);
        assert!((r.runs[1].x - 0.6348).abs() < 1e-3);
    }

    #[test]
    fn ylabel_has_script_i_and_vec_arrow() {
        let r = parse(r"$\mathcal{I}\; (s, \vec{R})$");
        assert_eq!(r.runs[0].face, Face::Script);
        assert_eq!(r.runs[0].text, "I");
        let rr = r
            .runs
            .iter()
            .find(|r| r.text == "R")
            .map(|r| (r.arrow, r.face, r.x));
        assert_eq!(rr.map(|t| (t.0, t.1)), Some((true, Face::Italic)));
        let x = rr.map(|t| t.2).unwrap_or(0.0);
        assert!((x - 2.2694).abs() < 0.01, "{x}");
        assert_eq!(r.text(), "I(s,R)");
    }

    #[test]
    fn mathdefault_power_of_ten() {
        let r = parse(r"$\mathdefault{10^{3}}$");
        assert_eq!(
            faces(&r),
            vec![
                ("10".to_string(), Face::Roman),
                ("3".to_string(), Face::Roman)
            ]
        );
        assert!((r.runs[1].x - 1.282).abs() < 0.01);
    }

    #[test]
    fn invalid_math_falls_back_to_plain_text() {
        for s in [
            r"$\frobnicate{x}$",
            "$a^{b$",
            "cost $5",
            r"$a}$",
            r"$x^$",
            "$$",
            r"$\$",
            "$\\",
        ] {
            let r = parse(s);
            assert!(!r.runs.is_empty() || s == "$$");
            if !r.is_math {
                assert_eq!(r.text(), s);
            }
        }
        assert_eq!(parse("learning_rate").text(), "learning_rate");
    }
}

// Readable text: a label for screen readers (accessible names, canvas descriptions) and for the page's
// preview next to a label field, from the same typeset runs the figures draw.

/// Where a piece of a label sits: on the baseline, raised (superscript) or lowered (subscript).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Base,
    Sup,
    Sub,
}

/// A piece of a label as text: what it says, whether it is set in italic, and where it sits.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadablePiece {
    pub text: String,
    pub italic: bool,
    pub script: Script,
}

/// Gaps between runs wider than this (em of the label size) read as a space: math spacing around `\to`,
/// `\;`, after a comma inside math.
const READABLE_GAP_EM: f64 = 0.1;
/// U+20D7 COMBINING RIGHT ARROW ABOVE: `\vec{R}` reads as `R⃗`.
const VEC_ARROW: char = '\u{20D7}';

/// The label's pieces in reading order (see [`readable`]); an unparsable label is one plain piece.
pub fn readable_pieces(src: &str) -> Vec<ReadablePiece> {
    pieces(src, unmeasured)
}

fn pieces(src: &str, measure: Measure) -> Vec<ReadablePiece> {
    let rich = match typeset(src, measure) {
        Some(rich) if rich.is_math => rich,
        _ => {
            return vec![ReadablePiece {
                text: src.to_string(),
                italic: false,
                script: Script::Base,
            }]
        }
    };
    let mut out: Vec<ReadablePiece> = Vec::new();
    let mut end_x = 0.0;
    for r in &rich.runs {
        let script = if r.rise > 0.0 {
            Script::Sup
        } else if r.rise < 0.0 {
            Script::Sub
        } else {
            Script::Base
        };
        let mut text = String::new();
        if !out.is_empty() && r.x - end_x > READABLE_GAP_EM {
            text.push(' ');
        }
        for c in r.text.chars() {
            text.push(c);
            if r.arrow {
                text.push(VEC_ARROW);
            }
        }
        end_x = r.x + r.width;
        let italic = r.face != Face::Roman;
        match out.last_mut() {
            Some(p) if p.script == script && p.italic == italic => p.text.push_str(&text),
            _ => out.push(ReadablePiece {
                text,
                italic,
                script,
            }),
        }
    }
    out
}

/// A label as plain text that reads well: math symbols as Unicode, a superscript as `^(…)` and a
/// subscript as `_(…)` (without parentheses when one character), math spacing as spaces:
/// `$\lambda^{I \to E}$ [nS]` → `λ^(I → E) [nS]`, `$d_{\max}$ [ms]` → `d_(max) [ms]`, `$\rho$` → `ρ`.
/// Text without math, or math the figures cannot set, comes back as it is.
pub fn readable(src: &str) -> String {
    // Pieces differ in italic too; what is read depends on the script only.
    let mut groups: Vec<(Script, String)> = Vec::new();
    for p in readable_pieces(src) {
        match groups.last_mut() {
            Some((s, t)) if *s == p.script => t.push_str(&p.text),
            _ => groups.push((p.script, p.text)),
        }
    }
    let mut out = String::new();
    for (script, text) in groups {
        let mark = match script {
            Script::Base => {
                out.push_str(&text);
                continue;
            }
            Script::Sup => '^',
            Script::Sub => '_',
        };
        // A space before a script belongs outside it.
        let body = text.trim_start();
        if body.len() < text.len() {
            out.push(' ');
        }
        out.push(mark);
        if body.chars().filter(|&c| c != VEC_ARROW).count() == 1 {
            out.push_str(body);
        } else {
            out.push('(');
            out.push_str(body);
            out.push(')');
        }
    }
    out
}

#[cfg(test)]
mod readable_tests {
    use super::*;

    #[test]
    fn the_notebooks_labels_read_as_text() {
        assert_eq!(readable(r"$\lambda^{I \to E}$ [nS]"), "λ^(I → E) [nS]");
        assert_eq!(readable(r"$d_{\max}$ [ms]"), "d_(max) [ms]");
        assert_eq!(readable(r"$\rho$"), "ρ");
        assert_eq!(
            readable(r"$\mathcal{I}\; (s, \vec{R})$"),
            "I (s, R\u{20D7})"
        );
        assert_eq!(readable(r"$\mathdefault{10^{3}}$"), "10^3");
        assert_eq!(readable(r"$x_i^2$"), "x_i^2");
    }

    #[test]
    fn plain_and_unparsable_labels_come_back_as_typed() {
        for s in [
            "learning_rate",
            "tau_m [ms]",
            r"$\frobnicate{x}$",
            "cost $5",
            "",
            "<b>&amp;</b>",
        ] {
            assert_eq!(readable(s), s);
        }
    }

    /// The page reads labels without font metrics ([`unmeasured`]): every construct the typesetter knows, in
    /// 6,000 seeded random sequences, reads exactly as with DejaVu's widths.
    #[test]
    fn reading_without_metrics_matches_reading_with_them() {
        let atoms = [
            r"\rho",
            "x",
            "I",
            "E",
            r"\to",
            r"\leftarrow",
            ",",
            "=",
            "<",
            r"\;",
            r"\,",
            r"\:",
            r"\!",
            r"\ ",
            r"\quad",
            r"\max",
            r"\log",
            r"\mathcal{I}",
            r"\vec{R}",
            r"\mathdefault{10}",
            r"\mathrm{d}",
            r"\mathit{x}",
            "^{2}",
            "_{i}",
            r"^{I \to E}",
            r"_{\max}",
            "^x",
            "-",
            "(",
            ")",
            r"\Gamma",
            r"\pm",
            r"\%",
            "1",
            " ",
            r"\infty",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut with_spaces = 0;
        for n in 0..6000 {
            let mut s = String::from("$");
            for _ in 0..=n % 7 {
                s.push_str(atoms[(next() % atoms.len() as u64) as usize]);
            }
            s.push('$');
            if n % 3 == 0 {
                s.push_str(" [ms]");
            }
            let read = pieces(&s, unmeasured);
            assert_eq!(read, pieces(&s, metrics::width), "{s}");
            with_spaces += usize::from(read.iter().any(|p| p.text.trim_start() != p.text));
        }
        assert!(
            with_spaces > 1000,
            "the corpus reads gaps as spaces: {with_spaces}"
        );
    }

    #[test]
    fn pieces_carry_italic_and_script_for_a_preview() {
        let p = readable_pieces(r"$\lambda^{I \to E}$ [nS]");
        let got: Vec<(&str, bool, Script)> = p
            .iter()
            .map(|p| (p.text.as_str(), p.italic, p.script))
            .collect();
        assert_eq!(
            got,
            vec![
                ("λ", true, Script::Base),
                ("I", true, Script::Sup),
                (" →", false, Script::Sup),
                (" E", true, Script::Sup),
                (" [nS]", false, Script::Base),
            ]
        );
        let d = readable_pieces(r"$d_{\max}$");
        assert_eq!(d[1].script, Script::Sub);
        assert!(!d[1].italic, "operator names are upright");
    }
}
