//! Fuzz target `pdf_isolated`: PDF extraction through the limited child process, the checks of
//! `gongbao_pdf::fuzzing::pdf_isolated`. The child is `extract_child` beside this program
//! (or `$GONGBAO_EXTRACT_CHILD`); libFuzzer sees the parent's coverage only, so this target
//! checks the isolation (every input gives pages or a classified error), while `pdf` explores
//! the parsers.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use gongbao_pdf::{ChildProcess, Limits};

fn extractor() -> &'static ChildProcess {
    static EXTRACTOR: OnceLock<ChildProcess> = OnceLock::new();
    EXTRACTOR.get_or_init(|| {
        let program = std::env::var_os("GONGBAO_EXTRACT_CHILD")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let me = std::env::current_exe().expect("current executable");
                me.with_file_name("extract_child")
            });
        ChildProcess {
            program,
            args: Vec::new(),
            limits: Limits {
                time: Duration::from_secs(10),
                memory: 1 << 30,
            },
        }
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    gongbao_pdf::fuzzing::pdf_isolated(data, extractor());
});
