//! The `diplograph` command: a thin clap layer over the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use diplograph::check::{check_rules, lint_gazetteer};
use diplograph::datafiles::DataSource;
use diplograph::extract::Extractor;
use diplograph::input::read_inputs;
use diplograph::output::{EventFormat, EventWriter, write_sentence};
use diplograph::server::{ServerConfig, serve};
use diplograph::store::{AnswerFormat, DumpFormat, KnowledgeStore, QueryError};
use std::io::IsTerminal;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    /// Extract documents and load them into the knowledge graph store.
    Build {
        /// Inputs, as for extract.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
    /// Remove documents (and every fact only they stated) from the store.
    Remove {
        /// Document ids.
        #[arg(required = true)]
        docs: Vec<String>,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) over the store.
    Query {
        /// The query text (or use --file).
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        sparql: Option<String>,
        /// Read the query from this file.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Answer format (default: table for SELECT/ASK, turtle for CONSTRUCT/DESCRIBE).
        #[arg(long, value_enum)]
        format: Option<AnswerFormat>,
        /// Cancel the query after this many seconds.
        #[arg(long, value_name = "SECONDS")]
        timeout: Option<f64>,
    },
    /// Write the whole graph (N-Quads and TriG keep the graphs; Turtle is their union).
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "nquads")]
        format: DumpFormat,
        /// Output file (default: standard output).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
    },
    /// Serve the store as a read-only SPARQL 1.1 Protocol endpoint at /sparql.
    Serve {
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// Cancel a query after this many seconds.
        #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
        timeout: f64,
        /// Worker threads answering requests.
        #[arg(long, default_value_t = 8)]
        threads: usize,
    },
}

/// Where the store lives unless --store says otherwise.
const DEFAULT_STORE: &str = "diplograph.db";

/// Exit code for a query that cannot run (syntax error, update, wrong format).
const EXIT_BAD_QUERY: u8 = 2;

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
    // Commands that only work on the store need no extraction data.
    let command = match cli.command {
        Command::Remove { docs, store } => return remove(&docs, &store),
        Command::Query {
            sparql,
            file,
            store,
            format,
            timeout,
        } => return query(sparql, file, &store, format, timeout),
        Command::Export {
            format,
            output,
            store,
        } => return export(format, output, &store),
        Command::Serve {
            store,
            bind,
            timeout,
            threads,
        } => {
            let store = KnowledgeStore::open_read_only(&store)?;
            serve(
                store,
                ServerConfig {
                    bind,
                    timeout: seconds(timeout)?,
                    threads,
                },
            )?;
            return Ok(ExitCode::SUCCESS);
        }
        other => other,
    };
    let extractor = Extractor::load(&source)?;
    match command {
        Command::Build { paths, store } => build(&extractor, &paths, &store),
        Command::Remove { .. }
        | Command::Query { .. }
        | Command::Export { .. }
        | Command::Serve { .. } => {
            unreachable!("handled above")
        }
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

fn seconds(s: f64) -> Result<Duration> {
    if !(s.is_finite() && s > 0.0) {
        anyhow::bail!("a timeout must be a positive number of seconds, not {s}");
    }
    Ok(Duration::from_secs_f64(s))
}

fn build(
    extractor: &Extractor,
    paths: &[PathBuf],
    store_path: &std::path::Path,
) -> Result<ExitCode> {
    let store = KnowledgeStore::open(store_path)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new_spinner();
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                .expect("valid template"),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let report = diplograph::build::build(extractor, &store, paths, |p| {
        bar.set_message(format!("{} documents, {} events", p.documents, p.events));
    })?;
    bar.finish_and_clear();
    for e in &report.input_errors {
        eprintln!("diplograph: {e}");
    }
    println!(
        "documents: {} read, {} added, {} replaced, {} unchanged",
        report.read, report.added, report.replaced, report.unchanged
    );
    println!(
        "added: {} sentences, {} events, {} triples{}",
        report.sentences,
        report.events,
        report.quads_written,
        if report.gazetteer_written {
            " (and the gazetteer)"
        } else {
            ""
        }
    );
    println!(
        "store {}: {} quads",
        store_path.display(),
        report.store_quads
    );
    Ok(exit_for(report.input_errors.len()))
}

fn remove(docs: &[String], store_path: &std::path::Path) -> Result<ExitCode> {
    let store = KnowledgeStore::open(store_path)?;
    let mut missing = 0;
    for d in docs {
        if store.remove_document(d)? {
            println!("removed {d}");
        } else {
            missing += 1;
            eprintln!(
                "diplograph: {d}: no such document in {}",
                store_path.display()
            );
        }
    }
    store.flush()?;
    Ok(exit_for(missing))
}

fn query(
    sparql: Option<String>,
    file: Option<PathBuf>,
    store_path: &std::path::Path,
    format: Option<AnswerFormat>,
    timeout: Option<f64>,
) -> Result<ExitCode> {
    let text = match (sparql, file) {
        (Some(q), _) => q,
        (None, Some(f)) => std::fs::read_to_string(&f)
            .map_err(|e| anyhow::anyhow!("{}: cannot read: {e}", f.display()))?,
        (None, None) => unreachable!("clap requires one"),
    };
    // A bad query is reported before the store is opened.
    if let Err(e) = KnowledgeStore::query_kind(&text) {
        eprintln!("diplograph: {}", one_line(&e.to_string()));
        return Ok(ExitCode::from(EXIT_BAD_QUERY));
    }
    let store = KnowledgeStore::open_read_only(store_path)?;
    let timeout = timeout.map(seconds).transpose()?;
    match store.query(&text, format, timeout) {
        Ok(answer) => {
            let mut out = std::io::stdout().lock();
            finish_output(out.write_all(&answer.body).err(), out.flush())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ (QueryError::Syntax(_) | QueryError::UpdateRefused | QueryError::Format(_))) => {
            eprintln!("diplograph: {}", one_line(&e.to_string()));
            Ok(ExitCode::from(EXIT_BAD_QUERY))
        }
        Err(e) => Err(e.into()),
    }
}

fn export(
    format: DumpFormat,
    output: Option<PathBuf>,
    store_path: &std::path::Path,
) -> Result<ExitCode> {
    let store = KnowledgeStore::open_read_only(store_path)?;
    match output {
        Some(path) => {
            let file = std::fs::File::create(&path)
                .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", path.display()))?;
            let mut w = BufWriter::new(file);
            store.export(format, &mut w)?;
            w.flush()?;
        }
        None => {
            let mut w = BufWriter::new(std::io::stdout().lock());
            store.export(format, &mut w)?;
            finish_output(None, w.flush())?;
        }
    }
    Ok(ExitCode::SUCCESS)
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
