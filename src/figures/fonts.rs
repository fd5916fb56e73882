//! The font files the PDF and PNG outputs embed or draw with: DejaVu Sans and DejaVu Sans Oblique
//! (`assets/fonts/`, Bitstream Vera licence in `assets/fonts/LICENSE`), the faces matplotlib's notebook
//! figures use. The layout never reads them (it uses the metrics table), so the page's wasm does not
//! contain them: the page fetches them from its own origin on the first PDF export; the native build
//! embeds them (`Fonts::bundled`, native builds only).
//!
//! Owns: which file sets which [`Face`] and the file names the page fetches.

use super::metrics::Face;

/// File names under `assets/fonts/` (and in the page's `fonts/` folder): roman, oblique.
pub const FONT_FILES: [&str; 2] = ["DejaVuSans.ttf", "DejaVuSans-Oblique.ttf"];

/// TrueType font files (bytes) for the two faces.
#[derive(Debug, Clone, Copy)]
pub struct Fonts<'a> {
    /// DejaVu Sans: upright text, `\mathcal` capitals (its Unicode script letters) and symbols.
    pub regular: &'a [u8],
    /// DejaVu Sans Oblique: math italic letters and Greek.
    pub oblique: &'a [u8],
}

impl Fonts<'_> {
    /// The file for a face.
    pub fn for_face(&self, face: Face) -> &[u8] {
        match face {
            Face::Roman | Face::Script => self.regular,
            Face::Italic => self.oblique,
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Fonts<'static> {
    /// The fonts in `assets/fonts/`, compiled into native builds (CLI, tests, examples).
    pub fn bundled() -> Fonts<'static> {
        Fonts {
            regular: include_bytes!("../../assets/fonts/DejaVuSans.ttf"),
            oblique: include_bytes!("../../assets/fonts/DejaVuSans-Oblique.ttf"),
        }
    }
}
