//! Why a page could not be recognised.

/// Why recognising a page failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OcrError {
    /// `tesseract` or `pdftoppm` is not installed (or not where it was said to be).
    #[error("cannot run {0}: install tesseract-ocr, tesseract-ocr-chi-sim and poppler-utils")]
    Missing(String),
    /// The page could not be rasterised.
    #[error("cannot render page: {0}")]
    Render(String),
    /// The page image is not one we can read.
    #[error("bad page image: {0}")]
    Image(String),
    /// A program ran past its time limit and was stopped.
    #[error("{program} exceeded its time limit of {seconds} s")]
    TimeLimit {
        /// The program.
        program: String,
        /// The limit, in seconds.
        seconds: u64,
    },
    /// Tesseract failed or printed something we cannot read.
    #[error("tesseract failed: {0}")]
    Tesseract(String),
}
