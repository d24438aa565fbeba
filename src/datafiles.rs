//! Where the gazetteer, language and rule files come from: the copy built into the binary,
//! or a directory given at run time (`--data DIR`), so that edited data can be tried without
//! rebuilding.

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};
use std::path::{Path, PathBuf};

static GAZETTEER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data/gazetteer");
static LANG: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data/lang");
static RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data/rules");
static QUESTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/data/questions");

/// The three data folders read at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// `gazetteer/`: entity and alias tables (CSV).
    Gazetteer,
    /// `lang/`: one TOML file per language.
    Lang,
    /// `rules/`: one TOML file per language.
    Rules,
    /// `questions/`: the question forms of `diplograph ask`, one TOML file per language.
    Questions,
}

impl Folder {
    fn name(self) -> &'static str {
        match self {
            Folder::Gazetteer => "gazetteer",
            Folder::Lang => "lang",
            Folder::Rules => "rules",
            Folder::Questions => "questions",
        }
    }

    fn embedded(self) -> &'static Dir<'static> {
        match self {
            Folder::Gazetteer => &GAZETTEER,
            Folder::Lang => &LANG,
            Folder::Rules => &RULES,
            Folder::Questions => &QUESTIONS,
        }
    }
}

/// A data file: its display path (for error messages) and its text.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// `data/gazetteer/states.csv` or the real path on disk.
    pub path: String,
    /// File name (`states.csv`).
    pub name: String,
    /// UTF-8 contents.
    pub text: String,
}

/// The source of data files.
#[derive(Debug, Clone, Default)]
pub enum DataSource {
    /// The copy of `data/` compiled into the binary.
    #[default]
    Embedded,
    /// A directory laid out like `data/`.
    Directory(PathBuf),
}

impl DataSource {
    /// The source named by `--data`, or the `DIPLOGRAPH_DATA` variable, or the built-in copy.
    pub fn from_option(dir: Option<&Path>) -> DataSource {
        match dir {
            Some(d) => DataSource::Directory(d.to_path_buf()),
            None => match std::env::var_os("DIPLOGRAPH_DATA") {
                Some(d) if !d.is_empty() => DataSource::Directory(PathBuf::from(d)),
                _ => DataSource::Embedded,
            },
        }
    }

    /// Every file of `folder` whose name ends with `suffix`, sorted by name.
    pub fn files(&self, folder: Folder, suffix: &str) -> Result<Vec<DataFile>> {
        let mut out = Vec::new();
        match self {
            DataSource::Embedded => {
                for f in folder.embedded().files() {
                    let name = f.path().file_name().and_then(|n| n.to_str()).unwrap_or("");
                    if !name.ends_with(suffix) {
                        continue;
                    }
                    let path = format!("data/{}/{}", folder.name(), name);
                    let text = f
                        .contents_utf8()
                        .with_context(|| format!("{path}: not valid UTF-8"))?;
                    out.push(DataFile {
                        path,
                        name: name.to_string(),
                        text: text.to_string(),
                    });
                }
            }
            DataSource::Directory(root) => {
                let dir = root.join(folder.name());
                let entries = std::fs::read_dir(&dir)
                    .with_context(|| format!("{}: cannot read data folder", dir.display()))?;
                for entry in entries {
                    let path = entry?.path();
                    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                        continue;
                    };
                    if !name.ends_with(suffix) || !path.is_file() {
                        continue;
                    }
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("{}: cannot read", path.display()))?;
                    let Ok(text) = String::from_utf8(bytes) else {
                        bail!("{}: not valid UTF-8", path.display());
                    };
                    out.push(DataFile {
                        path: path.display().to_string(),
                        name: name.to_string(),
                        text,
                    });
                }
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}
