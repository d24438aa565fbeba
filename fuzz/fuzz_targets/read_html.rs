#![no_main]
// The check lives in the library (`diplograph::fuzzing::read_html`), shared with
// tests/fuzz_regressions.rs.
libfuzzer_sys::fuzz_target!(|data: &[u8]| diplograph::fuzzing::read_html(data));
