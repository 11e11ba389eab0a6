//! PDF bytes into pages: text page by page, with physical page numbers, laid out from positioned
//! glyphs, and extraction isolated so a hostile file fails alone. Knows nothing of documents or
//! the index: gazette-issue splitting and metadata live in `gongbao-ingest`.
//!
//! - [`extract_pages`]: pdf-extract draws each page into positioned glyphs, which are laid out
//!   (two columns, running headers and page numbers set aside) into a [`Page`]; a page that is
//!   garbage goes to [`fallback`] (`pdftotext`). Pages whose fonts pdf-extract cannot read
//!   (predefined CJK CMaps, GBK behind WinAnsi) are drawn by our own content-stream reader
//!   instead. Every page records its [`Method`].
//! - [`Extractor`]: extraction [`InProcess`], or in a [`ChildProcess`] under time and memory
//!   [`Limits`] (whose entry point is [`child_main`]), failing with an [`ExtractError`].
//! - [`OcrExtractor`]: pages without usable text recognised by tesseract (`gongbao-ocr`) and laid
//!   out like drawn glyphs ([`ocr_page`]).

mod cmap;
mod content;
mod error;
mod extract;
pub mod fallback;
mod fonts;
#[doc(hidden)]
pub mod fuzzing;
mod garbage;
mod isolate;
mod layout;
mod ocr;

pub use error::{ExtractError, PdfError};
pub use extract::{extract_pages, page_text, Method, Page, NEEDS_OCR};
pub use isolate::{child_main, ChildProcess, Extractor, InProcess, Limits};
pub use layout::{is_furniture, Glyph, Line, PageLayout};
pub use ocr::{ocr_page, OcrExtractor};
