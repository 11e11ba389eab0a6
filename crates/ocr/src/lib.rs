//! Optical character recognition of scanned gazette pages with Tesseract.
//!
//! A page without a text layer is rendered with `pdftoppm` ([`render`]), straightened by its
//! projection profile ([`deskew`]), its printed rules wiped and cut into blocks in reading order
//! — spanning lines whole, two-column stretches left column first ([`blocks`]). Each block goes
//! to `tesseract --psm 6` ([`tesseract`]); the words come back with boxes and confidences, are
//! cleaned for Chinese ([`clean`]) and placed on the page in points ([`page`]), so the PDF layout
//! code can treat them like drawn glyphs. Results are cached by the hash of the page image
//! ([`cache`]); [`Recognizer`] runs pages in parallel and counts what it did.

pub mod blocks;
pub mod cache;
pub mod clean;
pub mod deskew;
mod error;
pub mod gray;
pub mod page;
pub mod process;
pub mod recognizer;
pub mod render;
pub mod tesseract;

pub use error::OcrError;
pub use page::{OcrChar, OcrLine, OcrPage};
pub use recognizer::{PageResult, Progress, Recognizer, Settings, Stats, PIPELINE_VERSION};
