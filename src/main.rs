//! The `diplograph` command: a thin clap layer over the library.

use anyhow::Result;
use clap::{Parser, Subcommand};
use diplograph::check::{check_rules, lint_gazetteer};
use diplograph::datafiles::DataSource;
use diplograph::extract::Extractor;
use diplograph::gazetteer::Gazetteer;
use diplograph::graph::{self, ActorGraph, GraphFilter, algo, report};
use diplograph::input::read_inputs;
use diplograph::model::EventType;
use diplograph::names;
use diplograph::output::{EventFormat, EventWriter, write_sentence};
use diplograph::pipeline::{default_threads, for_each_document};
use diplograph::server::{ServerConfig, serve};
use diplograph::store::{AnswerFormat, DumpFormat, KnowledgeStore, QueryError};
use std::io::IsTerminal;
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// Knowledge graphs of state actors and agreements from news text.
/// Writes to standard output, returning the error (a closed pipe, `diplograph … | head`)
/// instead of panicking as `print!` does.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        write!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| anyhow::Error::new(e).context("cannot write to standard output"))?
    }};
}

/// [`out!`] with a newline.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)
            .map_err(|e| anyhow::Error::new(e).context("cannot write to standard output"))?
    }};
}

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
    /// Extract events from news files (text, JSONL, HTML, RSS/Atom, WARC), directories or -
    /// (stdin).
    Extract {
        /// Inputs: .txt, .jsonl, .html, .rss/.atom, .warc files (any of them .gz), directories
        /// of any mix of them (recursively), or - for stdin.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: EventFormat,
        /// Documents extracted at once (default: one per core). Output order does not depend
        /// on it.
        #[arg(long, short = 'j')]
        threads: Option<usize>,
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
        /// Documents extracted at once (default: one per core). The store's contents do not
        /// depend on it.
        #[arg(long, short = 'j')]
        threads: Option<usize>,
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
    /// Compact the store after a large build, so that every later query reads fewer files.
    Optimize {
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
    /// Write the graph: the RDF store (nquads, trig: with graphs; turtle: the set of facts)
    /// or the actor graph for Gephi and pandas (graphml, gexf, csv: a directory).
    Export {
        /// Output format.
        #[arg(long, value_enum, default_value = "nquads")]
        format: ExportFormat,
        /// Output file (directory for csv; default: standard output).
        #[arg(short, long, value_name = "PATH")]
        output: Option<PathBuf>,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        #[command(flatten)]
        filters: Filters,
    },
    /// The shortest relationship path between two entities (names in any language), or
    /// with --all every simple path up to --max-hops, each hop with its evidence.
    Path {
        /// Where the path starts (a name, alias or id: "Iran", "Hoa Kỳ", "state:IRN").
        from: String,
        /// Where it ends.
        to: String,
        /// Longest path, in hops.
        #[arg(long, default_value_t = 4)]
        max_hops: usize,
        /// Every simple path up to --max-hops, shortest first.
        #[arg(long)]
        all: bool,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        #[command(flatten)]
        filters: Filters,
    },
    /// Connected components and Louvain communities (with modularity), members ranked by
    /// PageRank.
    Clusters {
        /// Members shown per community.
        #[arg(long, default_value_t = 10)]
        top: usize,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        #[command(flatten)]
        filters: Filters,
    },
    /// Answer a question in English, Vietnamese or French ("all agreements involving Idlib").
    Ask {
        /// The question.
        question: String,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value = "table")]
        format: AskFormat,
        /// Print the SPARQL the question becomes (which `diplograph query` accepts) and stop.
        #[arg(long)]
        explain: bool,
        /// Rows to show: the N most recent events or agreements.
        #[arg(long, default_value_t = 20, value_name = "N", conflicts_with = "all")]
        limit: usize,
        /// Show every row.
        #[arg(long)]
        all: bool,
        /// Start after the rows an earlier answer showed (its next_cursor).
        #[arg(long, value_name = "CURSOR")]
        cursor: Option<String>,
        /// Only events or agreements dated on or after YYYY[-MM[-DD]].
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// Only events or agreements dated on or before YYYY[-MM[-DD]].
        #[arg(long, value_name = "DATE")]
        until: Option<String>,
    },
    /// The most central actors.
    Rank {
        /// Centrality measure.
        #[arg(long, value_enum, default_value = "pagerank")]
        by: Measure,
        /// How many actors.
        #[arg(long, default_value_t = 15)]
        top: usize,
        /// The store directory.
        #[arg(long, default_value = DEFAULT_STORE)]
        store: PathBuf,
        #[command(flatten)]
        filters: Filters,
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
        /// Queries evaluated at once (requests are read by four times as many threads, so
        /// that slow clients do not hold them).
        #[arg(long, default_value_t = 8)]
        threads: usize,
    },
    /// Write a deterministic benchmark corpus of N sentences in en/vi/fr.
    BenchCorpus {
        /// Number of sentences.
        #[arg(long)]
        sentences: usize,
        /// Seed: the same sentences and seed give the same bytes.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output directory (must not exist or be empty).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// The physical limit: count the matches of one automaton of every name and cue phrase.
    Scan {
        /// Files or directories (recursively).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

/// Filters shared by every graph command.
#[derive(clap::Args, Debug, Clone, Default)]
struct Filters {
    /// Only relations stated with a date on or after this (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only relations stated with a date on or before this.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Only these event types (comma-separated: talks,meeting,phone_call,…).
    #[arg(long = "type", value_name = "TYPES", value_delimiter = ',')]
    types: Vec<String>,
    /// Only events in which this actor takes part (a name in any language).
    #[arg(long, value_name = "NAME")]
    actor: Option<String>,
    /// Only sentences in these languages (comma-separated codes).
    #[arg(long, value_name = "LANGS", value_delimiter = ',')]
    lang: Vec<String>,
}

/// Formats of `diplograph export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ExportFormat {
    /// N-Quads: every graph, with its name.
    Nquads,
    /// TriG: every graph, with its name.
    Trig,
    /// Turtle: the set of all facts.
    Turtle,
    /// GraphML of the actor graph (Gephi, networkx, igraph).
    Graphml,
    /// GEXF 1.3 of the actor graph, with time intervals for Gephi's timeline.
    Gexf,
    /// nodes.csv and edges.csv of the actor graph, in the --output directory.
    Csv,
}

/// Output formats of `diplograph ask`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum AskFormat {
    /// A table with the supporting quotes.
    Table,
    /// JSON for scripts.
    Json,
}

/// Centrality measures of `diplograph rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Measure {
    /// Number of distinct neighbours.
    Degree,
    /// PageRank.
    Pagerank,
    /// Betweenness centrality (normalised).
    Betweenness,
}

/// Where the store lives unless --store says otherwise.
const DEFAULT_STORE: &str = "diplograph.db";

/// Exit code for a query that cannot run (syntax error, update, wrong format).
const EXIT_BAD_QUERY: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // A reader that stops early (`| head`) is not an error.
        Err(e) if broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("diplograph: {}", one_line(&format!("{e:#}")));
            ExitCode::from(1)
        }
    }
}

/// Whether an error is standard output closed by its reader.
fn broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let source = DataSource::from_option(cli.data.as_deref());
    // Commands that only work on the store need no extraction data.
    let command = match cli.command {
        Command::Remove { docs, store } => return remove(&docs, &store),
        Command::Optimize { store } => {
            let started = std::time::Instant::now();
            let store_handle = KnowledgeStore::open_existing_for_writing(&store)?;
            store_handle.optimize()?;
            outln!(
                "store {}: compacted in {:.1} s",
                store.display(),
                started.elapsed().as_secs_f64()
            );
            return Ok(ExitCode::SUCCESS);
        }
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
            filters,
        } => {
            let dump = match format {
                ExportFormat::Nquads => Some(DumpFormat::Nquads),
                ExportFormat::Trig => Some(DumpFormat::Trig),
                ExportFormat::Turtle => Some(DumpFormat::Turtle),
                _ => None,
            };
            if let Some(dump) = dump {
                return export(dump, output, &store);
            }
            return export_graph(&source, format, output, &store, &filters);
        }
        Command::Path {
            from,
            to,
            max_hops,
            all,
            store,
            filters,
        } => return path(&source, &from, &to, max_hops, all, &store, &filters),
        Command::Clusters {
            top,
            store,
            filters,
        } => return clusters(&source, top, &store, &filters),
        Command::Rank {
            by,
            top,
            store,
            filters,
        } => return rank(&source, by, top, &store, &filters),
        Command::Ask {
            question,
            store,
            format,
            explain,
            limit,
            all,
            cursor,
            since,
            until,
        } => {
            let page = match diplograph::ask::Page::new(
                (!all).then_some(limit),
                cursor.as_deref(),
                since.as_deref(),
                until.as_deref(),
            ) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("diplograph: {e}");
                    return Ok(ExitCode::from(EXIT_BAD_QUERY));
                }
            };
            return ask(&source, &question, &store, format, explain, &page);
        }
        Command::Serve {
            store,
            bind,
            timeout,
            threads,
        } => {
            let store = KnowledgeStore::open_existing(&store)?;
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
        Command::BenchCorpus {
            sentences,
            seed,
            output,
        } => {
            let extractor = Extractor::load(&source)?;
            let report =
                diplograph::benchcorpus::generate(&extractor.gazetteer, sentences, seed, &output)?;
            outln!("{report}");
            return Ok(ExitCode::SUCCESS);
        }
        Command::Scan { paths } => {
            let extractor = Extractor::load(&source)?;
            let r = diplograph::scan::scan(&extractor, &paths)?;
            outln!(
                "files: {}, bytes: {}, matches: {}",
                r.files,
                r.bytes,
                r.matches
            );
            return Ok(ExitCode::SUCCESS);
        }
        other => other,
    };
    let extractor = Extractor::load(&source)?;
    match command {
        Command::Build {
            paths,
            store,
            threads,
        } => build(
            &extractor,
            &paths,
            &store,
            threads.unwrap_or_else(default_threads),
        ),
        Command::Remove { .. }
        | Command::Optimize { .. }
        | Command::Query { .. }
        | Command::Export { .. }
        | Command::Serve { .. }
        | Command::Path { .. }
        | Command::Clusters { .. }
        | Command::Rank { .. }
        | Command::Ask { .. }
        | Command::BenchCorpus { .. }
        | Command::Scan { .. } => {
            unreachable!("handled above")
        }
        Command::Extract {
            paths,
            format,
            threads,
        } => {
            let stdout = std::io::stdout();
            let mut writer = EventWriter::new(BufWriter::new(stdout.lock()), format);
            let mut errors = 0usize;
            let mut write_error = None;
            for_each_document(
                &paths,
                &std::sync::atomic::AtomicU64::new(0),
                threads.unwrap_or_else(default_threads),
                |doc| extractor.extract(&doc).events,
                |events| {
                    for e in &events {
                        if let Err(err) = writer.write(e) {
                            write_error = Some(err);
                            return ControlFlow::Break(());
                        }
                    }
                    ControlFlow::Continue(())
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
                        let found = names.then(|| extractor.names_in(&s.text, &s.lang));
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
                outln!("{p}");
            }
            outln!(
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
    threads: usize,
) -> Result<ExitCode> {
    let store = KnowledgeStore::open(store_path)?;
    // A bar on a terminal only: piped or redirected output stays free of escape codes.
    let bar = if std::io::stderr().is_terminal() {
        let total = diplograph::input::input_size(paths);
        let bar = if total > 0 {
            indicatif::ProgressBar::new(total).with_style(
                indicatif::ProgressStyle::with_template(
                    "{elapsed_precise} [{bar:30}] {percent:>3}% {msg} ETA {eta}",
                )
                .expect("valid template")
                .progress_chars("=> "),
            )
        } else {
            indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template("{spinner} {elapsed} {msg}")
                    .expect("valid template"),
            )
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let started = std::time::Instant::now();
    let report = diplograph::build::build(extractor, &store, paths, threads, |p| {
        if bar.is_hidden() {
            return;
        }
        bar.set_position(p.bytes_read);
        let rate = p.sentences as f64 / started.elapsed().as_secs_f64().max(1e-3);
        bar.set_message(format!(
            "{} documents, {} events, {rate:.0} sentences/s",
            p.documents, p.events
        ));
    })?;
    bar.finish_and_clear();
    for e in &report.input_errors {
        eprintln!("diplograph: {e}");
    }
    outln!(
        "documents: {} read, {} added, {} replaced, {} unchanged",
        report.read,
        report.added,
        report.replaced,
        report.unchanged
    );
    outln!(
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
    outln!(
        "store {}: {} documents",
        store_path.display(),
        report.store_documents
    );
    Ok(exit_for(report.input_errors.len()))
}

fn remove(docs: &[String], store_path: &std::path::Path) -> Result<ExitCode> {
    let store = KnowledgeStore::open(store_path)?;
    let mut missing = 0;
    for d in docs {
        if store.remove_document(d)? {
            outln!("removed {d}");
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
    let store = KnowledgeStore::open_existing(store_path)?;
    let timeout = timeout.map(seconds).transpose()?;
    match store.query(&text, format, timeout) {
        Ok(answer) => {
            let mut out = std::io::stdout().lock();
            finish_output(out.write_all(&answer.body).err(), out.flush())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(
            e @ (QueryError::Syntax(_)
            | QueryError::UpdateRefused
            | QueryError::Format(_)
            | QueryError::Unsupported(_)),
        ) => {
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
    let store = KnowledgeStore::open_existing(store_path)?;
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

/// The actor graph of the store under the shared filters, and the gazetteer for names.
fn actor_graph(
    source: &DataSource,
    store_path: &std::path::Path,
    filters: &Filters,
) -> Result<(ActorGraph, Gazetteer)> {
    let gazetteer = Gazetteer::load(source)?;
    let mut types = Vec::new();
    for t in &filters.types {
        types.push(EventType::parse(t).ok_or_else(|| {
            let all: Vec<&str> = EventType::ALL.iter().map(|t| t.as_str()).collect();
            anyhow::anyhow!("unknown event type '{t}' (types: {})", all.join(", "))
        })?);
    }
    let actor = match &filters.actor {
        Some(name) => Some(
            gazetteer
                .entity(names::resolve(&gazetteer, name, true)?)
                .id
                .clone(),
        ),
        None => None,
    };
    let filter = GraphFilter {
        since: filters.since.clone(),
        until: filters.until.clone(),
        types,
        actor,
        langs: filters.lang.clone(),
    };
    let store = KnowledgeStore::open_existing(store_path)?;
    Ok((graph::project(&store, &filter)?, gazetteer))
}

/// The node for a name, or an error naming the problem.
fn node_for(
    g: &ActorGraph,
    gazetteer: &Gazetteer,
    name: &str,
) -> Result<petgraph::graph::NodeIndex> {
    let e = names::resolve(gazetteer, name, true)?;
    let entity = gazetteer.entity(e);
    g.node(&entity.id).ok_or_else(|| {
        anyhow::anyhow!(
            "{} ({}) has no relations in the graph{}",
            entity.label,
            entity.id,
            " (with these filters, if any)"
        )
    })
}

fn path(
    source: &DataSource,
    from: &str,
    to: &str,
    max_hops: usize,
    all: bool,
    store: &std::path::Path,
    filters: &Filters,
) -> Result<ExitCode> {
    let (g, gazetteer) = actor_graph(source, store, filters)?;
    let (a, b) = (
        node_for(&g, &gazetteer, from)?,
        node_for(&g, &gazetteer, to)?,
    );
    let (la, lb) = (&g.graph[a].label, &g.graph[b].label);
    if all {
        let paths = algo::all_paths(&g, a, b, max_hops, 50);
        if paths.is_empty() {
            outln!("no path from {la} to {lb} within {max_hops} hops");
            return Ok(ExitCode::from(1));
        }
        for (i, p) in paths.iter().enumerate() {
            outln!("path {} ({} hops):", i + 1, p.len());
            out!("{}", report::path(&g, p));
        }
        return Ok(ExitCode::SUCCESS);
    }
    match algo::shortest_path(&g, a, b, max_hops) {
        Some(p) => {
            outln!("{la} → {lb}: {} hops", p.len());
            out!("{}", report::path(&g, &p));
            Ok(ExitCode::SUCCESS)
        }
        None => {
            outln!("no path from {la} to {lb} within {max_hops} hops");
            Ok(ExitCode::from(1))
        }
    }
}

fn clusters(
    source: &DataSource,
    top: usize,
    store: &std::path::Path,
    filters: &Filters,
) -> Result<ExitCode> {
    let (g, _) = actor_graph(source, store, filters)?;
    let components = algo::components(&g);
    let communities = algo::communities(&g);
    let pagerank = algo::pagerank(&g);
    out!(
        "{}",
        report::clusters(&g, &components, &communities, &pagerank, top)
    );
    Ok(ExitCode::SUCCESS)
}

fn rank(
    source: &DataSource,
    by: Measure,
    top: usize,
    store: &std::path::Path,
    filters: &Filters,
) -> Result<ExitCode> {
    let (g, _) = actor_graph(source, store, filters)?;
    let (score, name) = match by {
        Measure::Degree => (algo::degree(&g), "degree"),
        Measure::Pagerank => (algo::pagerank(&g), "pagerank"),
        Measure::Betweenness => (algo::betweenness(&g), "betweenness"),
    };
    out!("{}", report::ranking(&g, &score, name, top, true));
    Ok(ExitCode::SUCCESS)
}

fn export_graph(
    source: &DataSource,
    format: ExportFormat,
    output: Option<PathBuf>,
    store: &std::path::Path,
    filters: &Filters,
) -> Result<ExitCode> {
    let (mut g, _) = actor_graph(source, store, filters)?;
    algo::annotate(&mut g);
    if format == ExportFormat::Csv {
        let dir = output.ok_or_else(|| anyhow::anyhow!("--format csv needs -o DIR"))?;
        diplograph::export::write_csv(&g, &dir)
            .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", dir.display()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let write = |w: &mut dyn Write| match format {
        ExportFormat::Graphml => diplograph::export::write_graphml(&g, w),
        _ => diplograph::export::write_gexf(&g, w),
    };
    match output {
        Some(path) => {
            let file = std::fs::File::create(&path)
                .map_err(|e| anyhow::anyhow!("{}: cannot create: {e}", path.display()))?;
            let mut w = BufWriter::new(file);
            write(&mut w)?;
            w.flush()?;
        }
        None => {
            let mut w = BufWriter::new(std::io::stdout().lock());
            let r = write(&mut w);
            finish_output(r.err(), w.flush())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn ask(
    source: &DataSource,
    question: &str,
    store_path: &std::path::Path,
    format: AskFormat,
    explain: bool,
    page: &diplograph::ask::Page,
) -> Result<ExitCode> {
    use diplograph::ask::{AskError, QuestionBook};
    let book = QuestionBook::load(source)?;
    let gazetteer = Gazetteer::load(source)?;
    let store = KnowledgeStore::open_existing(store_path)?;
    let answer = match diplograph::ask::ask(&book, &gazetteer, &store, question, page) {
        Ok(a) => a,
        Err(AskError::NotUnderstood(help)) => {
            eprint!("{help}");
            return Ok(ExitCode::from(EXIT_BAD_QUERY));
        }
        Err(AskError::Name(e)) => {
            eprintln!("diplograph: {e}");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    if explain {
        if answer.queries.is_empty() {
            outln!(
                "# {}: answered by the path engine over the actor graph (diplograph path)",
                answer.understood
            );
        }
        for (i, q) in answer.queries.iter().enumerate() {
            outln!("# query {} of {}", i + 1, answer.queries.len());
            outln!("{q}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    match format {
        AskFormat::Json => {
            let rows: Vec<serde_json::Value> = answer
                .rows
                .iter()
                .map(|r| {
                    serde_json::Value::Object(
                        answer
                            .columns
                            .iter()
                            .zip(r)
                            .map(|(c, v)| (c.clone(), serde_json::Value::String(v.clone())))
                            .collect(),
                    )
                })
                .collect();
            let json = serde_json::json!({
                "question": question,
                "understood": answer.understood,
                "total": answer.total,
                "offset": answer.offset,
                "shown": answer.rows.len(),
                "next_cursor": answer.next_cursor,
                "columns": answer.columns,
                "rows": rows,
                "text": answer.text,
                "sparql": answer.queries,
            });
            outln!("{}", serde_json::to_string_pretty(&json)?);
        }
        AskFormat::Table => {
            match answer.total {
                Some(n) if n > 0 => outln!(
                    "{}: {n} in all, newest first{}:",
                    answer.understood,
                    if answer.offset > 0 || answer.rows.len() < n {
                        format!(
                            ", rows {}-{}",
                            answer.offset + 1,
                            answer.offset + answer.rows.len()
                        )
                    } else {
                        String::new()
                    }
                ),
                _ => outln!("{}:", answer.understood),
            }
            if let Some(t) = &answer.text {
                out!("{t}");
            } else if answer.total == Some(0) {
                outln!("no answers: the graph holds no {}", answer.understood);
            } else if !answer.rows.is_empty() {
                out!(
                    "{}",
                    diplograph::store::table(&answer.columns, &answer.rows)
                );
            }
            if answer.text.is_none() && answer.total.is_none() {
                outln!("no answers: no relationship path was found");
            }
            if let Some(c) = &answer.next_cursor {
                outln!("(more: --cursor {c}, or --all)");
            }
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
