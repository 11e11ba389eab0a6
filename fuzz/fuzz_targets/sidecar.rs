//! Fuzz target `sidecar`: the checks of `gongbao_ingest::fuzzing::sidecar`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gongbao_ingest::fuzzing::sidecar(data));
