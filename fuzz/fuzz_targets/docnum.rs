//! Fuzz target `docnum`: the checks of `gongbao_core::fuzzing::docnum`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gongbao_core::fuzzing::docnum(data));
