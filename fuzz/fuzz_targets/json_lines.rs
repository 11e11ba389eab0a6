//! Fuzz target `json_lines`: the checks of `gongbao_ingest::fuzzing::json_lines`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gongbao_ingest::fuzzing::json_lines(data));
