//! PDF output. (Being written.)

use super::fonts::Fonts;
use super::scene::Scene;

/// A PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("font file unreadable: {0}")]
    Font(String),
}

/// The scene as PDF.
pub fn render(_scene: &Scene, _fonts: &Fonts) -> Result<Vec<u8>, PdfError> {
    Err(PdfError::Font("not yet".into()))
}
