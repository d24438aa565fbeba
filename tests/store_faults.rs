//! A full disk and a read-only store directory: a clear one-line error, nothing stored is
//! lost, and the store still answers.
//!
//! As root (CI, these machines) both run on a real tmpfs mount: one too small for the
//! corpus (ENOSPC), then remounted read-only (EROFS). Where mounting is not allowed the disk
//! is "full" through a file size limit (`ulimit -f`: EFBIG), and the store is not writable
//! through its permissions: for a user, its mode; for root, who ignores modes, the writes are
//! tried as `nobody` (`setpriv`), with a copy of the binary outside root's home.

mod common;

use common::{nquads, ok, run, signatures, temp_dir};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A tmpfs of `size` at `dir`, unmounted when dropped; None if mounting is not allowed.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        // DIPLOGRAPH_TEST_NO_MOUNT=1 tries the fallbacks of machines that cannot mount.
        let ok = is_root()
            && std::env::var_os("DIPLOGRAPH_TEST_NO_MOUNT").is_none()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
                .arg(dir)
                .status()
                .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// `diplograph ARGS` with files limited to `kib` KiB (SIGXFSZ ignored, so writes fail with
/// EFBIG instead of killing the process).
fn run_with_file_limit(kib: u64, args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {kib}; trap '' XFSZ; exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_diplograph"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// The one line a failure prints.
fn one_error_line(out: &Output, expected: &str) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "should fail: {err}");
    assert!(!err.contains("panicked"), "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(
        lines[0].starts_with("diplograph: ") && lines[0].contains(expected),
        "{err}"
    );
    err
}

fn bench_corpus(dir: &Path, sentences: usize) -> PathBuf {
    let out = dir.join("generated");
    ok(&[
        "bench-corpus",
        "--sentences",
        &sentences.to_string(),
        "-o",
        out.to_str().unwrap(),
    ]);
    out
}

#[test]
fn a_full_disk_fails_in_one_line_and_keeps_what_was_stored() {
    let dir = temp_dir("disk-full");
    let corpus = bench_corpus(&dir, 80_000);
    let (sample, big) = ("data/corpus", corpus.to_str().unwrap());
    // What the store must hold in the end: a clean build of both.
    let reference = dir.join("reference");
    let r = reference.to_str().unwrap();
    ok(&["build", sample, "--store", r]);
    ok(&["build", big, "--store", r]);

    let mount = Tmpfs::mount(&dir.join("disk"), "120m");
    let store = match &mount {
        Some(m) => m.0.join("store"),
        None => dir.join("store"),
    };
    let s = store.to_str().unwrap();
    ok(&["build", sample, "--store", s]);
    let before = signatures(&store);
    assert_eq!(before.len(), 5);

    // The disk fills while the big corpus goes in.
    let out = match &mount {
        Some(_) => run(&["build", big, "--store", s], None),
        None => run_with_file_limit(16 * 1024, &["build", big, "--store", s]),
    };
    let err = one_error_line(&out, "the disk is full");
    assert!(err.contains(s), "{err}");
    println!(
        "full disk ({}): {}",
        if mount.is_some() {
            "tmpfs of 120 MB"
        } else {
            "ulimit -f 16 MiB"
        },
        err.trim()
    );

    // The store answers; the sample documents are all there, whole; every document of
    // the big corpus that got in is whole.
    let after = signatures(&store);
    let complete = signatures(&reference);
    for (doc, sig) in &before {
        assert_eq!(after.get(doc), Some(sig), "{doc:?} changed");
    }
    for (doc, sig) in &after {
        assert_eq!(complete.get(doc), Some(sig), "{doc:?} is not whole");
    }
    assert!(after.len() < complete.len(), "the disk was never full");

    // With room again, the same command completes the store.
    if let Some(m) = &mount {
        m.remount("size=2g");
    }
    ok(&["build", big, "--store", s]);
    assert_eq!(nquads(&store), nquads(&reference));
    drop(mount);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_read_only_store_refuses_writes_in_one_line_and_still_answers() {
    let dir = temp_dir("read-only");
    let mount = Tmpfs::mount(&dir.join("disk"), "200m");
    let store = match &mount {
        Some(m) => m.0.join("store"),
        None => dir.join("store"),
    };
    let s = store.to_str().unwrap();
    ok(&["build", "data/corpus", "--store", s]);
    let question = "all agreements involving Idlib";
    let answer = ok(&["ask", question, "--store", s]);
    let everything = nquads(&store);
    let as_nobody = mount.is_none() && is_root();
    match &mount {
        Some(m) => m.remount("ro"),
        None => {
            let status = Command::new("chmod")
                .args(["-R", "a-w"])
                .arg(&store)
                .status()
                .unwrap();
            assert!(status.success());
        }
    }
    // A document to add, readable by anyone.
    let news = dir.join("news.txt");
    std::fs::write(
        &news,
        "Chile and Peru signed a fisheries agreement in Lima.\n",
    )
    .unwrap();
    let bin = dir.join("diplograph");
    if as_nobody {
        std::fs::copy(env!("CARGO_BIN_EXE_diplograph"), &bin).unwrap();
        let _ = Command::new("chmod")
            .arg("a+rx")
            .arg(&dir)
            .arg(&bin)
            .status();
    }
    for args in [
        vec!["build", news.to_str().unwrap(), "--store", s],
        vec!["remove", "001_39c0d70a619899c6", "--store", s],
    ] {
        let out = if as_nobody {
            Command::new("setpriv")
                .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
                .arg(&bin)
                .args(&args)
                .current_dir(&dir)
                .output()
                .unwrap()
        } else {
            run(&args, None)
        };
        one_error_line(&out, "the store cannot be written here");
    }
    // Reading needs no writing: questions, queries and exports answer as before.
    assert_eq!(ok(&["ask", question, "--store", s]), answer);
    assert_eq!(nquads(&store), everything);
    if mount.is_none() {
        let _ = Command::new("chmod")
            .args(["-R", "u+w"])
            .arg(&store)
            .status();
    }
    drop(mount);
    let _ = std::fs::remove_dir_all(&dir);
}
