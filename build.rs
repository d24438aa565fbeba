// Rebuild when the data compiled into the binary changes (include_dir cannot see new files).
fn main() {
    for dir in [
        "data/gazetteer",
        "data/lang",
        "data/rules",
        "data/questions",
    ] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
