//! PDF sources: one document per file, text through pdf-extract.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::FileErrorKind;

/// Extracts the text of a PDF. A parser panic on a malformed file becomes an error, not a crash.
pub fn extract_text(bytes: &[u8]) -> Result<String, FileErrorKind> {
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(bytes)
    }));
    match extracted {
        Ok(Ok(text)) if text.chars().any(char::is_alphanumeric) => Ok(text),
        Ok(Ok(_)) => Err(FileErrorKind::Empty),
        Ok(Err(error)) => Err(FileErrorKind::Pdf(error.to_string())),
        Err(panic) => Err(FileErrorKind::Panic(panic_message(panic.as_ref()))),
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error_not_a_crash() {
        let result = extract_text(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage");
        assert!(result.is_err(), "{result:?}");
        assert!(extract_text(b"").is_err());
    }
}
