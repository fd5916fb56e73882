//! PNG output (native). (Being written.)

use super::fonts::Fonts;
use super::scene::Scene;

/// A PNG could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PngError {
    #[error("font file unreadable: {0}")]
    Font(String),
}

/// The scene as PNG.
pub fn render(_scene: &Scene, _fonts: &Fonts, _dpi: f64) -> Result<Vec<u8>, PngError> {
    Err(PngError::Font("not yet".into()))
}
