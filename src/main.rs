//! The `diplograph` command: a thin clap layer over the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use diplograph::check::{check_rules, lint_gazetteer};
use diplograph::datafiles::DataSource;
use diplograph::extract::Extractor;
use diplograph::input::read_inputs;
use diplograph::output::{EventFormat, EventWriter, write_sentence};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Knowledge graphs of state actors and agreements from news text.
#[derive(Parser)]
#[command(name = "diplograph", version, about)]
struct Cli {
    /// Read gazetteer, language and rule files from this directory instead of the built-in
    /// copy (also DIPLOGRAPH_DATA).
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract events from text files, directories, JSONL files or - (stdin).
    Extract {
        /// Inputs: files, directories (recursively), .jsonl files, or - for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: EventFormat,
    },
    /// Print the sentences diplograph sees, one JSON object per line.
    Sentences {
        /// Inputs, as for extract.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also list the gazetteer names found in each sentence.
        #[arg(long)]
        names: bool,
    },
    /// Check the data: gazetteer lint and every rule example and counterexample.
    Check,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("diplograph: {}", one_line(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let source = DataSource::from_option(cli.data.as_deref());
    let extractor = Extractor::load(&source)?;
    match cli.command {
        Command::Extract { paths, format } => {
            let stdout = std::io::stdout();
            let mut writer = EventWriter::new(BufWriter::new(stdout.lock()), format);
            let mut errors = 0usize;
            let mut write_error = None;
            read_inputs(
                &paths,
                |doc| {
                    if write_error.is_some() {
                        return;
                    }
                    for e in extractor.extract(&doc).events {
                        if let Err(err) = writer.write(&e) {
                            write_error = Some(err);
                            return;
                        }
                    }
                },
                |err| {
                    errors += 1;
                    eprintln!("diplograph: {err}");
                },
            );
            finish_output(write_error, writer.flush())?;
            Ok(exit_for(errors))
        }
        Command::Sentences { paths, names } => {
            let stdout = std::io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            let mut errors = 0usize;
            let mut write_error = None;
            read_inputs(
                &paths,
                |doc| {
                    for s in extractor.extract(&doc).sentences {
                        let found = names.then(|| extractor.names_in(&s.text));
                        if write_error.is_none()
                            && let Err(e) = write_sentence(&mut out, &doc.id, &s, found)
                        {
                            write_error = Some(e);
                        }
                    }
                },
                |err| {
                    errors += 1;
                    eprintln!("diplograph: {err}");
                },
            );
            finish_output(write_error, out.flush())?;
            Ok(exit_for(errors))
        }
        Command::Check => {
            let mut problems = lint_gazetteer(&extractor.gazetteer);
            let (summary, rule_problems) = check_rules(&extractor);
            problems.extend(rule_problems);
            for p in &problems {
                println!("{p}");
            }
            println!(
                "checked {} entities, {} aliases, {} rules, {} examples, {} counterexamples: {} problems",
                extractor.gazetteer.entities.len(),
                extractor.gazetteer.aliases.len(),
                summary.rules,
                summary.examples,
                summary.counterexamples,
                problems.len()
            );
            Ok(exit_for(problems.len()))
        }
    }
}

/// Ignores a closed pipe (`| head`), reports other write errors.
fn finish_output(write_error: Option<std::io::Error>, flushed: std::io::Result<()>) -> Result<()> {
    for e in write_error.into_iter().chain(flushed.err()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(anyhow::anyhow!("cannot write output: {e}"));
        }
    }
    Ok(())
}

/// Folds a multi-line message (a TOML parser's excerpt) into one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && l.chars().any(char::is_alphanumeric))
        .collect::<Vec<_>>()
        .join(" ")
}

fn exit_for(errors: usize) -> ExitCode {
    if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
