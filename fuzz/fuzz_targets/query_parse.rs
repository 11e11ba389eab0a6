//! Fuzz target `query_parse`: the checks of `gongbao_query::fuzzing::query_parse`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| gongbao_query::fuzzing::query_parse(data));
