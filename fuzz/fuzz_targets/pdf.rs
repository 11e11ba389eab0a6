//! Fuzz target `pdf`: PDF extraction and issue splitting in this process (`read_pdf` with
//! `InProcess`), the checks of `gongbao_ingest::fuzzing::pdf`. Coverage-guided over the parsers
//! themselves; `pdf_isolated` goes through the child process instead.

#![no_main]

use std::sync::Once;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    static SETUP: Once = Once::new();
    SETUP.call_once(|| {
        // Extraction catches parser panics by design and reports them per page: they are no
        // finding, so the hook libFuzzer installs (abort on any panic) is replaced.
        std::panic::set_hook(Box::new(|_| {}));
        // pdftotext is an external program, not under test: `false` fails at once, so pages
        // fall back to the reason instead of a process start per input.
        std::env::set_var("GONGBAO_PDFTOTEXT", "false");
    });
    gongbao_ingest::fuzzing::pdf(data);
});
