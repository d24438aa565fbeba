//! `scripts/setup --check` probes what the build really loads, on a fake root, so that a
//! machine with only `libclang-cpp` (the C++ API library a fresh image ships, which bindgen
//! cannot use) is reported as missing `libclang-dev` before any compiling starts.

mod common;
use common::temp_dir;
use std::path::Path;
use std::process::Command;

/// Runs the probes against `root`; returns the exit code and the `package: state` lines.
fn probe(root: &Path) -> (Option<i32>, String) {
    let out = Command::new("bash")
        .arg("scripts/setup")
        .arg("--check")
        .env("SETUP_ROOT", root)
        .env_remove("LIBCLANG_PATH")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("bash runs scripts/setup");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn touch(root: &Path, file: &str) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, b"").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn libclang_cpp_alone_is_missing_libclang_dev() {
    let root = temp_dir("setup-cpp-only");
    touch(&root, "usr/lib/llvm-14/lib/libclang-cpp.so.14");
    touch(&root, "usr/lib/x86_64-linux-gnu/libclang-cpp.so.14");
    let (code, lines) = probe(&root);
    assert!(lines.contains("libclang-dev: missing"), "{lines}");
    assert_eq!(code, Some(1), "a missing package fails the check");
}

#[test]
fn the_library_bindgen_loads_is_found() {
    for file in [
        "usr/lib/llvm-14/lib/libclang.so",
        "usr/lib/llvm-16/lib/libclang.so.1",
        "usr/lib/x86_64-linux-gnu/libclang-14.so.1",
    ] {
        let root = temp_dir("setup-libclang");
        touch(&root, "usr/lib/llvm-14/lib/libclang-cpp.so.14");
        touch(&root, file);
        let (_, lines) = probe(&root);
        assert!(lines.contains("libclang-dev: found"), "{file}: {lines}");
    }
}

#[test]
fn every_prerequisite_is_probed() {
    let empty = temp_dir("setup-empty");
    let (code, lines) = probe(&empty);
    for package in [
        "build-essential: missing",
        "libclang-dev: missing",
        "libxml2-utils: missing",
        "python3-venv: missing",
    ] {
        assert!(lines.contains(package), "{package}: {lines}");
    }
    assert_eq!(code, Some(1));

    let full = temp_dir("setup-full");
    for file in [
        "usr/bin/cc",
        "usr/bin/c++",
        "usr/bin/xmllint",
        "usr/lib/llvm-14/lib/libclang.so",
        "usr/lib/python3.11/ensurepip/__init__.py",
    ] {
        touch(&full, file);
    }
    let (code, lines) = probe(&full);
    assert!(!lines.contains("missing"), "{lines}");
    assert_eq!(code, Some(0), "{lines}");
}
