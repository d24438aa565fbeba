//! The on-disk knowledge graph: an Oxigraph (RocksDB) store whose default graph holds every
//! fact once (see `ontology/README.md`, "Layout"). This is the only module that knows
//! Oxigraph.
//!
//! Every document is written whole: new documents in bulk-loader batches of whole documents
//! (each batch ingested in one call), changed ones in one transaction, so an interrupted
//! build leaves each document fully in or not at all. A document owns its node, the nodes of
//! the sentences that state its events and its event nodes: removing it removes every triple
//! about them, then each fact it shared with other documents (the description of an actor or
//! agreement the gazetteer lacks, the parties of an agreement) that no remaining event states.
//! The gazetteer is in the default graph too, with a copy in its own named graph that tells
//! a new gazetteer what to replace.

use crate::rdf::vocab::{self, DG, DGR, GAZETTEER_GRAPH};
use crate::rdf::{DocumentGraph, Quad, Term};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{
    GraphName, GraphNameRef, Literal, NamedNode, NamedOrBlankNode, Quad as OxQuad, QuadRef,
    Term as OxTerm,
};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::{StorageError, Store, Transaction};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process is writing the store (build, remove or optimize).
    #[error(
        "{0}: the store is in use by another diplograph process that is writing it (build, remove or optimize); wait for it to finish or use another --store"
    )]
    Locked(PathBuf),
    /// A write was asked while other processes read the store (serve, ask, query, export,
    /// graph): readers share a store, a writer needs it alone.
    #[error(
        "{0}: the store is in use by another diplograph process that is reading it (serve, ask, query, export, path, clusters or rank); stop it to change the store, or use another --store"
    )]
    InUse(PathBuf),
    /// The store's directory cannot be written (a read-only file system, or permissions).
    #[error(
        "{0}: the store cannot be written here (read-only file system or no permission): build and remove need write access; queries, ask, export and serve open it read-only"
    )]
    ReadOnly(PathBuf),
    /// The disk holding the store is full.
    #[error(
        "{path}: the disk is full ({message}); documents already stored are kept: free space and run the command again"
    )]
    DiskFull {
        /// The store directory.
        path: PathBuf,
        /// The storage layer's message.
        message: String,
    },
    /// There is no store at that path.
    #[error("{0}: no store here; create one with `diplograph build PATH... --store {0}`")]
    Missing(PathBuf),
    /// The output an export writes to failed (a full disk, a closed pipe).
    #[error("cannot write the export")]
    Output(#[source] std::io::Error),
    /// Anything else from the storage layer.
    #[error("{path}: {message}")]
    Storage {
        /// The store directory.
        path: PathBuf,
        /// The storage layer's message.
        message: String,
    },
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse; the message gives the position.
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    /// The query ran longer than allowed.
    #[error("query timed out after {0:?}")]
    Timeout(Duration),
    /// SPARQL Update sent to a read-only interface.
    #[error("this interface is read-only: SPARQL Update is refused")]
    UpdateRefused,
    /// The requested format does not fit the query form.
    #[error("{0}")]
    Format(String),
    /// The query asks for something the store does not do: SERVICE (federated query).
    #[error(
        "{0}: SERVICE (federated query) is not supported; this store answers from its own data only"
    )]
    Unsupported(String),
    /// Evaluation failed.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
}

/// Formats of query answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnswerFormat {
    /// An aligned text table (SELECT, ASK).
    Table,
    /// SPARQL Query Results JSON.
    Json,
    /// SPARQL Query Results XML.
    Xml,
    /// SPARQL Query Results CSV.
    Csv,
    /// SPARQL Query Results TSV.
    Tsv,
    /// Turtle (CONSTRUCT, DESCRIBE).
    Turtle,
    /// N-Triples (CONSTRUCT, DESCRIBE).
    Ntriples,
    /// RDF/XML (CONSTRUCT, DESCRIBE).
    Rdfxml,
}

impl AnswerFormat {
    /// The media type of the format.
    pub fn media_type(self) -> &'static str {
        match self {
            AnswerFormat::Table => "text/plain; charset=utf-8",
            AnswerFormat::Json => "application/sparql-results+json",
            AnswerFormat::Xml => "application/sparql-results+xml",
            AnswerFormat::Csv => "text/csv; charset=utf-8",
            AnswerFormat::Tsv => "text/tab-separated-values; charset=utf-8",
            AnswerFormat::Turtle => "text/turtle",
            AnswerFormat::Ntriples => "application/n-triples",
            AnswerFormat::Rdfxml => "application/rdf+xml",
        }
    }

    fn for_graphs(self) -> bool {
        matches!(
            self,
            AnswerFormat::Turtle | AnswerFormat::Ntriples | AnswerFormat::Rdfxml
        )
    }
}

/// What a query form produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerKind {
    /// SELECT or ASK.
    Results,
    /// CONSTRUCT or DESCRIBE.
    Graph,
}

/// A serialized answer.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The format it is in.
    pub format: AnswerFormat,
    /// The bytes.
    pub body: Vec<u8>,
}

/// A value bound in a query solution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Value {
    /// An IRI.
    Iri(String),
    /// A literal's lexical form (datatype and language dropped).
    Literal(String),
    /// A blank node or anything else, as text.
    Other(String),
}

impl Value {
    /// The IRI or lexical form.
    pub fn as_str(&self) -> &str {
        match self {
            Value::Iri(s) | Value::Literal(s) | Value::Other(s) => s,
        }
    }
}

/// Formats of `diplograph export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DumpFormat {
    /// N-Quads: every graph, with its name.
    Nquads,
    /// TriG: every graph, with its name.
    Trig,
    /// Turtle: the default graph, where every fact is once.
    Turtle,
}

/// What loading one document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadOutcome {
    /// New document.
    Added,
    /// The document changed; its old facts were replaced.
    Replaced,
    /// Same text, metadata and data: nothing to do.
    Unchanged,
}

/// Prefixes used in Turtle output and tables. Resources get one prefix per kind, so that
/// `state:RUS` in SPARQL is the gazetteer's `state:RUS`.
const PREFIXES: [(&str, &str); 19] = [
    ("dg", DG),
    ("state", "https://w3id.org/diplograph/id/state/"),
    ("person", "https://w3id.org/diplograph/id/person/"),
    ("org", "https://w3id.org/diplograph/id/org/"),
    ("group", "https://w3id.org/diplograph/id/group/"),
    ("place", "https://w3id.org/diplograph/id/place/"),
    ("agreement", "https://w3id.org/diplograph/id/agreement/"),
    ("event", "https://w3id.org/diplograph/id/event/"),
    ("office", "https://w3id.org/diplograph/id/office/"),
    ("dgr", DGR),
    ("nif", vocab::NIF),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", vocab::SCHEMA),
    ("dcterms", vocab::DCTERMS),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("wd", vocab::WD),
];

/// The knowledge graph on disk.
pub struct KnowledgeStore {
    store: Store,
    path: PathBuf,
    /// The readers-writer lock on the store directory, held while the store is open (see
    /// [`StoreLock`]); none for a store in memory or on a file system nobody can write.
    _lock: Option<StoreLock>,
}

/// The lock file in a store directory that lets several processes read a store at once (a
/// shared lock: `serve` and `ask` side by side) while a writer (`build`, `remove`,
/// `optimize`) has it alone (an exclusive lock). RocksDB's own LOCK admits one process
/// whatever it does, and its read-only mode is undefined while another process writes; this
/// lock is what makes opening read-only safe. The operating system releases it when the
/// process ends, however it ends.
#[derive(Debug)]
struct StoreLock {
    /// Locked while open; closing it (when the store is dropped) releases the lock.
    _file: std::fs::File,
}

/// The lock file's name inside the store directory (RocksDB leaves files it does not know).
const LOCK_FILE: &str = "diplograph.lock";

impl StoreLock {
    /// The exclusive lock for writing: [`StoreError::Locked`] while another process writes,
    /// [`StoreError::InUse`] while others read. `None` on a file system without file locks,
    /// where RocksDB's own LOCK still keeps a second writer out.
    fn exclusive(dir: &Path) -> Result<Option<StoreLock>, StoreError> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .map_err(|e| KnowledgeStore::storage_error(dir, e))?;
        match file.try_lock() {
            Ok(()) => Ok(Some(StoreLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => {
                // A writer excludes a shared lock too; readers only an exclusive one.
                Err(match StoreLock::shared(dir) {
                    Ok(_) => StoreError::InUse(dir.to_path_buf()),
                    Err(e) => e,
                })
            }
            Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                Ok(None)
            }
            Err(std::fs::TryLockError::Error(e)) => Err(KnowledgeStore::storage_error(dir, e)),
        }
    }

    /// A shared lock for reading: [`StoreError::Locked`] while a process writes. `None` where
    /// the lock file cannot be made (a read-only file system: nobody can be writing there) or
    /// the file system has no file locks.
    fn shared(dir: &Path) -> Result<Option<StoreLock>, StoreError> {
        let path = dir.join(LOCK_FILE);
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                match std::fs::OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                {
                    Ok(f) => f,
                    Err(_) => return Ok(None),
                }
            }
            Err(e) => return Err(KnowledgeStore::storage_error(dir, e)),
        };
        match file.try_lock_shared() {
            Ok(()) => Ok(Some(StoreLock { _file: file })),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Locked(dir.to_path_buf())),
            Err(std::fs::TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                Ok(None)
            }
            Err(std::fs::TryLockError::Error(e)) => Err(KnowledgeStore::storage_error(dir, e)),
        }
    }
}

fn node(iri: &str) -> NamedNode {
    NamedNode::new_unchecked(iri)
}

/// A document's statements in the store's own form: made on a worker thread, so that the
/// thread writing the store only writes.
pub struct PreparedDocument {
    id: String,
    content_hash: String,
    quads: Vec<OxQuad>,
}

impl PreparedDocument {
    /// The store form of document `id`'s graph.
    pub fn new(id: &str, graph: &DocumentGraph) -> PreparedDocument {
        PreparedDocument {
            id: id.to_string(),
            content_hash: graph.content_hash.clone(),
            quads: graph.quads.iter().map(ox_quad).collect(),
        }
    }

    /// The number of statements in the document's graphs.
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    /// Whether the document states nothing.
    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }
}

/// Quads in one bulk-loader batch. A batch is written as
/// one set of files and ingested at once, so each batch, and each document in it, is in
/// the store whole or not at all. A build holds up to three batches in memory: the one being
/// filled and one being written on each of the loader's two threads.
const BATCH_QUADS: usize = 250_000;

/// The batch size: [`BATCH_QUADS`], or `DIPLOGRAPH_BATCH_QUADS` (at least 1000) to trade
/// memory for speed, or to make a small corpus span many batches (the crash tests do).
fn batch_quads() -> usize {
    static SIZE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SIZE.get_or_init(|| {
        std::env::var("DIPLOGRAPH_BATCH_QUADS")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .map_or(BATCH_QUADS, |n| n.max(1000))
    })
}

/// Batches after which the writer waits until everything handed to the bulk loader is in
/// the store: bounds the set of unsettled documents and what an interrupted build loses.
const BATCHES_PER_SETTLE: usize = 25;

/// Writes many documents into the store. New documents go through Oxigraph's bulk loader
/// in batches of whole documents, written as sorted files by a thread of the loader's while
/// the caller goes on; a document the store holds with other content is replaced in a
/// transaction of its own. Documents handed to the bulk loader are only sure to be in the
/// store after [`DocumentWriter::finish`].
pub struct DocumentWriter<'a> {
    store: &'a KnowledgeStore,
    loader: Option<oxigraph::store::BulkLoader<'a>>,
    batch: Vec<OxQuad>,
    /// Documents batched or handed to the bulk loader, maybe not in the store yet.
    unsettled: HashSet<String>,
    batches_since_settled: usize,
}

impl DocumentWriter<'_> {
    /// Loads one document. A document the store holds with the same content hash is left
    /// alone; one it holds with another is replaced, with the facts only it stated.
    pub fn load(&mut self, doc: PreparedDocument) -> Result<LoadOutcome, StoreError> {
        if self.unsettled.contains(&doc.id) {
            // The same document twice in one build: the first must be in the store first.
            self.settle()?;
        }
        let previous = self.store.content_hash(&doc.id)?;
        if previous.as_deref() == Some(doc.content_hash.as_str()) {
            return Ok(LoadOutcome::Unchanged);
        }
        if previous.is_some() || doc.quads.len() > batch_quads() {
            // Replacing reads the store, which must be up to date; a document larger than
            // a batch goes in a transaction so that it stays whole.
            self.settle()?;
            return self.store.write_in_transaction(&doc, previous.is_some());
        }
        if self.batch.len() + doc.quads.len() > batch_quads() {
            self.hand_over()?;
            if self.batches_since_settled >= BATCHES_PER_SETTLE {
                self.settle()?;
            }
        }
        self.batch.extend(doc.quads);
        self.unsettled.insert(doc.id);
        Ok(LoadOutcome::Added)
    }

    /// Hands the current batch to the bulk loader, which writes it on its own thread.
    fn hand_over(&mut self) -> Result<(), StoreError> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let store = self.store;
        let loader = self.loader.get_or_insert_with(|| {
            store
                .store
                .bulk_loader()
                // Two writing threads beside the caller's: batches are written while the
                // next one is filled. The loader's batch size is ours, so a batch is never
                // split; without atomicity each batch is ingested as soon as a later one
                // is handed over instead of all at the end.
                .with_num_threads(2)
                .with_max_memory_size_in_megabytes((2 * batch_quads() / 1000).max(10))
                .without_atomicity()
        });
        loader
            .load_quads(std::mem::take(&mut self.batch))
            .map_err(|e| store.err(e))?;
        self.batches_since_settled += 1;
        Ok(())
    }

    /// Waits until every document handed over is in the store.
    fn settle(&mut self) -> Result<(), StoreError> {
        self.hand_over()?;
        if let Some(loader) = self.loader.take() {
            loader.commit().map_err(|e| self.store.err(e))?;
        }
        self.unsettled.clear();
        self.batches_since_settled = 0;
        Ok(())
    }

    /// Writes what is left and waits until every document is in the store.
    pub fn finish(mut self) -> Result<(), StoreError> {
        self.settle()
    }
}

/// The quad's statement in the default graph.
fn in_default(q: &OxQuad) -> OxQuad {
    OxQuad::new(
        q.subject.clone(),
        q.predicate.clone(),
        q.object.clone(),
        GraphName::DefaultGraph,
    )
}

/// The IRI subjects of `quads`, without repeats.
fn subjects(quads: oxigraph::store::QuadIter<'_>) -> Result<Vec<NamedNode>, StorageError> {
    let mut out: Vec<NamedNode> = Vec::new();
    for q in quads {
        if let NamedOrBlankNode::NamedNode(n) = q?.subject
            && !out.contains(&n)
        {
            out.push(n);
        }
    }
    Ok(out)
}

fn ox_quad(q: &Quad) -> OxQuad {
    let object: OxTerm = match &q.object {
        Term::Iri(i) => node(i).into(),
        Term::Literal {
            value,
            datatype: None,
            lang: Some(l),
        } => Literal::new_language_tagged_literal_unchecked(value, l.to_ascii_lowercase()).into(),
        Term::Literal {
            value,
            datatype: Some(dt),
            ..
        } => Literal::new_typed_literal(value, node(dt)).into(),
        Term::Literal { value, .. } => Literal::new_simple_literal(value).into(),
    };
    let graph = q
        .graph
        .as_deref()
        .map_or(GraphName::DefaultGraph, |g| node(g).into());
    OxQuad::new(node(&q.subject), node(&q.predicate), object, graph)
}

impl KnowledgeStore {
    fn storage_error(path: &Path, e: impl std::fmt::Display) -> StoreError {
        let message = e.to_string();
        if message.contains("Read-only file system") || message.contains("Permission denied") {
            // Checked first: RocksDB names the LOCK file it could not create.
            StoreError::ReadOnly(path.to_path_buf())
        } else if message.contains("No space left on device") || message.contains("File too large")
        {
            StoreError::DiskFull {
                path: path.to_path_buf(),
                message: message
                    .rsplit(": ")
                    .next()
                    .unwrap_or("No space left on device")
                    .to_string(),
            }
        } else if message.contains("LOCK") || message.contains("lock file") {
            StoreError::Locked(path.to_path_buf())
        } else {
            StoreError::Storage {
                path: path.to_path_buf(),
                message,
            }
        }
    }

    /// Opens (creating it if needed) a store for reading and writing. One process may, while
    /// no other reads it ([`StoreError::Locked`], [`StoreError::InUse`]).
    pub fn open(path: &Path) -> Result<KnowledgeStore, StoreError> {
        std::fs::create_dir_all(path).map_err(|e| Self::storage_error(path, e))?;
        let lock = StoreLock::exclusive(path)?;
        let store = Self::open_on_disk(path)?;
        remove_unfinished_bulk_files(path).map_err(|e| Self::storage_error(path, e))?;
        Ok(KnowledgeStore {
            store,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    /// Opens an existing store for writing (`optimize`): like [`KnowledgeStore::open`], but a
    /// missing store is [`StoreError::Missing`] rather than created.
    pub fn open_existing_for_writing(path: &Path) -> Result<KnowledgeStore, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        Self::open(path)
    }

    #[cfg(feature = "rocksdb")]
    fn open_on_disk(path: &Path) -> Result<Store, StoreError> {
        Store::open(path).map_err(|e| Self::storage_error(path, e))
    }

    #[cfg(not(feature = "rocksdb"))]
    fn open_on_disk(path: &Path) -> Result<Store, StoreError> {
        Err(StoreError::Storage {
            path: path.to_path_buf(),
            message: "this diplograph was built without the rocksdb feature: no stores on disk"
                .into(),
        })
    }

    /// The number of documents in the store.
    pub fn document_count(&self) -> Result<usize, StoreError> {
        let p = node(vocab::RDF_TYPE);
        let o: OxTerm = node(&vocab::dg("Document")).into();
        let mut n = 0;
        for q in self.store.quads_for_pattern(
            None,
            Some(p.as_ref()),
            Some(o.as_ref()),
            Some(GraphNameRef::DefaultGraph),
        ) {
            q.map_err(|e| self.err(e))?;
            n += 1;
        }
        Ok(n)
    }

    /// Opens an existing store for queries (it is not created if missing), read-only and
    /// shared: any number of processes may read a store at once (`serve` and `ask` side by
    /// side), and none while a process writes it ([`StoreError::Locked`]) — Oxigraph's
    /// read-only mode is undefined while another process writes, so a reader never opens a
    /// store that may change under it. Works on a read-only file system and a full disk too.
    pub fn open_existing(path: &Path) -> Result<KnowledgeStore, StoreError> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let lock = StoreLock::shared(path)?;
        let store = Self::open_read_only(path)?;
        Ok(KnowledgeStore {
            store,
            path: path.to_path_buf(),
            _lock: lock,
        })
    }

    #[cfg(feature = "rocksdb")]
    fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Store::open_read_only(path).map_err(|e| Self::storage_error(path, e))
    }

    #[cfg(not(feature = "rocksdb"))]
    fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        Self::open_on_disk(path)
    }

    /// A store in memory, gone when dropped: for tests and fuzzing (the only kind of store
    /// without the `rocksdb` feature).
    pub fn in_memory() -> Result<KnowledgeStore, StoreError> {
        let path = PathBuf::from("(in memory)");
        let store = Store::new().map_err(|e| Self::storage_error(&path, e))?;
        Ok(KnowledgeStore {
            store,
            path,
            _lock: None,
        })
    }

    fn err(&self, e: impl std::fmt::Display) -> StoreError {
        Self::storage_error(&self.path, e)
    }

    /// The number of quads.
    pub fn len(&self) -> Result<usize, StoreError> {
        self.store.len().map_err(|e| self.err(e))
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.store.is_empty().map_err(|e| self.err(e))
    }

    /// A literal recorded for `subject` under `dg:<property>`, in `graph` (`None`: the
    /// default graph).
    fn recorded_value(
        &self,
        graph: Option<&str>,
        subject: &str,
        property: &str,
    ) -> Result<Option<String>, StoreError> {
        let g = graph.map(node);
        let s = node(subject);
        let p = node(&vocab::dg(property));
        let graph = match &g {
            Some(g) => GraphNameRef::NamedNode(g.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        for q in self.store.quads_for_pattern(
            Some(s.as_ref().into()),
            Some(p.as_ref()),
            None,
            Some(graph),
        ) {
            if let OxTerm::Literal(l) = q.map_err(|e| self.err(e))?.object {
                return Ok(Some(l.value().to_string()));
            }
        }
        Ok(None)
    }

    /// Removes document `doc` in transaction `t` (see the module's documentation). Returns
    /// false if the store does not hold it.
    fn remove_in(&self, t: &mut Transaction<'_>, doc: &str) -> Result<bool, StoreError> {
        let d = node(&vocab::document_iri(doc));
        let document_type: OxTerm = node(&vocab::dg("Document")).into();
        if !t
            .contains(QuadRef::new(
                d.as_ref(),
                node(vocab::RDF_TYPE).as_ref(),
                document_type.as_ref(),
                GraphNameRef::DefaultGraph,
            ))
            .map_err(|e| self.err(e))?
        {
            return Ok(false);
        }
        let pred = |local: &str| node(&vocab::dg(local));
        let context = node(&format!("{}referenceContext", vocab::NIF));
        let derived = node(vocab::PROV_WAS_DERIVED_FROM);
        let default = Some(GraphNameRef::DefaultGraph);
        // The nodes the document owns: itself, its sentences, its events.
        let mut owned: Vec<NamedNode> = vec![d.clone()];
        let d_term: OxTerm = d.clone().into();
        let sentences = subjects(t.quads_for_pattern(
            None,
            Some(context.as_ref()),
            Some(d_term.as_ref()),
            default,
        ))
        .map_err(|e| self.err(e))?;
        let mut events = Vec::new();
        for s in &sentences {
            let s_term: OxTerm = s.clone().into();
            for e in subjects(t.quads_for_pattern(
                None,
                Some(derived.as_ref()),
                Some(s_term.as_ref()),
                default,
            ))
            .map_err(|e| self.err(e))?
            {
                if !events.contains(&e) {
                    events.push(e);
                }
            }
        }
        // What the events shared with other documents: actors and agreements they described,
        // and the parties of their agreements.
        let mut actors: Vec<OxTerm> = Vec::new();
        let mut agreements: Vec<OxTerm> = Vec::new();
        let mut places: Vec<OxTerm> = Vec::new();
        let mut keys: Vec<OxTerm> = Vec::new();
        for e in &events {
            for q in t.quads_for_pattern(Some(e.as_ref().into()), None, None, default) {
                let q = q.map_err(|e| self.err(e))?;
                let list = if q.predicate == pred("participant") {
                    &mut actors
                } else if q.predicate == pred("agreement") {
                    &mut agreements
                } else if q.predicate == pred("place") {
                    &mut places
                } else if q.predicate == pred("eventKey") {
                    &mut keys
                } else {
                    continue;
                };
                if !list.contains(&q.object) {
                    list.push(q.object);
                }
            }
        }
        owned.extend(sentences);
        owned.extend(events);
        for subject in &owned {
            let quads: Vec<OxQuad> = t
                .quads_for_pattern(Some(subject.as_ref().into()), None, None, default)
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            for q in &quads {
                t.remove(q);
            }
        }
        // A shared fact stays while a remaining event states it, or the gazetteer does.
        let gazetteer = node(GAZETTEER_GRAPH);
        let in_gazetteer = |t: &Transaction<'_>, q: &OxQuad| {
            t.contains(QuadRef::new(
                &q.subject,
                &q.predicate,
                &q.object,
                GraphNameRef::NamedNode(gazetteer.as_ref()),
            ))
        };
        for a in &agreements {
            let still_used = t
                .quads_for_pattern(
                    None,
                    Some(pred("agreement").as_ref()),
                    Some(a.as_ref()),
                    default,
                )
                .next()
                .is_some();
            let mut facts: Vec<OxQuad> = Vec::new();
            for p in ["partyTo", "signed"] {
                for q in
                    t.quads_for_pattern(None, Some(pred(p).as_ref()), Some(a.as_ref()), default)
                {
                    facts.push(q.map_err(|e| self.err(e))?);
                }
            }
            if let OxTerm::NamedNode(n) = a
                && !still_used
            {
                for q in t.quads_for_pattern(Some(n.as_ref().into()), None, None, default) {
                    facts.push(q.map_err(|e| self.err(e))?);
                }
            }
            for q in facts {
                let party = q.predicate == pred("partyTo") || q.predicate == pred("signed");
                // A party is stated while an agreed event of the party says so; any
                // other description while an event refers to the agreement.
                let stated = in_gazetteer(t, &q).map_err(|e| self.err(e))?
                    || (still_used && (!party || self.party_stated(t, &q)?));
                if !stated {
                    t.remove(&q);
                }
            }
        }
        // An agreement concerns a place while an event places it there, or the gazetteer
        // says so.
        for a in &agreements {
            for p in &places {
                let (OxTerm::NamedNode(a_node), OxTerm::NamedNode(_)) = (a, p) else {
                    continue;
                };
                let fact = OxQuad::new(
                    a_node.clone(),
                    pred("concerns"),
                    p.clone(),
                    GraphName::DefaultGraph,
                );
                if !t.contains(&fact).map_err(|e| self.err(e))?
                    || in_gazetteer(t, &fact).map_err(|e| self.err(e))?
                {
                    continue;
                }
                let mut stated = false;
                for e in subjects(t.quads_for_pattern(
                    None,
                    Some(pred("agreement").as_ref()),
                    Some(a.as_ref()),
                    default,
                ))
                .map_err(|e| self.err(e))?
                {
                    if t.contains(QuadRef::new(
                        &e,
                        &pred("place"),
                        p,
                        GraphNameRef::DefaultGraph,
                    ))
                    .map_err(|e| self.err(e))?
                    {
                        stated = true;
                        break;
                    }
                }
                if !stated {
                    t.remove(&fact);
                }
            }
        }
        // An event key keeps the `ask` keys of the reports that remain, and goes with the last.
        for k in &keys {
            let OxTerm::NamedNode(key) = k else { continue };
            self.rekey(t, key)?;
        }
        for p in &actors {
            let OxTerm::NamedNode(n) = p else { continue };
            let still_used = t
                .quads_for_pattern(
                    None,
                    Some(pred("participant").as_ref()),
                    Some(p.as_ref()),
                    default,
                )
                .next()
                .is_some();
            if still_used {
                continue;
            }
            let quads: Vec<OxQuad> = t
                .quads_for_pattern(Some(n.as_ref().into()), None, None, default)
                .collect::<Result<_, _>>()
                .map_err(|e| self.err(e))?;
            for q in &quads {
                if !in_gazetteer(t, q).map_err(|e| self.err(e))? {
                    t.remove(q);
                }
            }
        }
        Ok(true)
    }

    /// Recomputes the `ask` keys of event key `key` from the events that still report it,
    /// removing the keys only removed events gave it; removes the key node if none is left.
    fn rekey(&self, t: &mut Transaction<'_>, key: &NamedNode) -> Result<(), StoreError> {
        use crate::rdf::askkeys::{KeyFacts, ask_keys, bucket_of};
        let pred = |local: &str| node(&vocab::dg(local));
        let default = Some(GraphNameRef::DefaultGraph);
        let key_term: OxTerm = key.clone().into();
        let reports = subjects(t.quads_for_pattern(
            None,
            Some(pred("eventKey").as_ref()),
            Some(key_term.as_ref()),
            default,
        ))
        .map_err(|e| self.err(e))?;
        let current: Vec<OxQuad> = t
            .quads_for_pattern(Some(key.as_ref().into()), None, None, default)
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let bucket = current
            .iter()
            .find_map(|q| match &q.object {
                OxTerm::Literal(l) if q.predicate == pred("askKey") => {
                    Some(bucket_of(l.value()).to_string())
                }
                _ => None,
            })
            .unwrap_or_else(|| "u".to_string());
        let mut wanted: HashSet<String> = HashSet::new();
        let person: OxTerm = pred("Person").into();
        for r in &reports {
            let mut facts = KeyFacts::default();
            let mut roles: Vec<(String, crate::model::Role)> = Vec::new();
            for q in t.quads_for_pattern(Some(r.as_ref().into()), None, None, default) {
                let q = q.map_err(|e| self.err(e))?;
                let object_iri = match &q.object {
                    OxTerm::NamedNode(n) => Some(n.as_str().to_string()),
                    _ => None,
                };
                let local = q.predicate.as_str().rsplit(['#', '/']).next().unwrap_or("");
                match (local, object_iri) {
                    ("type", Some(c)) => {
                        if let Some(ty) = crate::rdf::event_type_of_class(&c) {
                            facts.event_type = Some(ty);
                        }
                    }
                    ("participant", Some(p)) => {
                        let is_person = t
                            .contains(QuadRef::new(
                                NamedNode::new_unchecked(p.as_str()).as_ref(),
                                node(vocab::RDF_TYPE).as_ref(),
                                person.as_ref(),
                                GraphNameRef::DefaultGraph,
                            ))
                            .map_err(|e| self.err(e))?;
                        if let Some(id) = vocab::iri_to_id(&p) {
                            facts.participants.push((id, is_person, None));
                        }
                    }
                    ("source", Some(p)) => roles
                        .extend(vocab::iri_to_id(&p).map(|id| (id, crate::model::Role::Source))),
                    ("target", Some(p)) => roles
                        .extend(vocab::iri_to_id(&p).map(|id| (id, crate::model::Role::Target))),
                    ("outcome", Some(o)) if o.ends_with("#Failed") => facts.failed = true,
                    ("negated", _) => facts.failed = true,
                    _ => {}
                }
            }
            for (id, _, role) in &mut facts.participants {
                *role = roles.iter().find(|(r, _)| r == id).map(|(_, x)| *x);
            }
            if facts.event_type != Some(crate::model::EventType::Talks) {
                facts.failed = false;
            }
            wanted.extend(ask_keys(&facts, &bucket));
        }
        for q in &current {
            let keep = match &q.object {
                OxTerm::Literal(l) if q.predicate == pred("askKey") => wanted.contains(l.value()),
                _ => !reports.is_empty(),
            };
            if !keep {
                t.remove(q);
            }
        }
        Ok(())
    }

    /// Whether a remaining event says party `q.subject` reached agreement `q.object`: an
    /// agreement or ceasefire event about it, agreed and not negated, with that participant.
    fn party_stated(&self, t: &Transaction<'_>, q: &OxQuad) -> Result<bool, StoreError> {
        let pred = |local: &str| node(&vocab::dg(local));
        let default = Some(GraphNameRef::DefaultGraph);
        let party: OxTerm = match &q.subject {
            NamedOrBlankNode::NamedNode(n) => n.clone().into(),
            NamedOrBlankNode::BlankNode(b) => b.clone().into(),
        };
        let agreed: OxTerm = pred("Agreed").into();
        let negated: OxTerm = Literal::new_typed_literal("true", node(vocab::XSD_BOOLEAN)).into();
        let classes: [OxTerm; 2] = [
            node(&vocab::dg("AgreementEvent")).into(),
            node(&vocab::dg("Ceasefire")).into(),
        ];
        let has = |e: &NamedNode, p: &NamedNode, o: &OxTerm| {
            t.contains(QuadRef::new(e, p, o, GraphNameRef::DefaultGraph))
        };
        for event in subjects(t.quads_for_pattern(
            None,
            Some(pred("agreement").as_ref()),
            Some(q.object.as_ref()),
            default,
        ))
        .map_err(|e| self.err(e))?
        {
            let class_ok = classes
                .iter()
                .map(|c| has(&event, &node(vocab::RDF_TYPE), c))
                .collect::<Result<Vec<bool>, _>>()
                .map_err(|e| self.err(e))?
                .contains(&true);
            if class_ok
                && has(&event, &pred("participant"), &party).map_err(|e| self.err(e))?
                && has(&event, &pred("outcome"), &agreed).map_err(|e| self.err(e))?
                && !has(&event, &pred("negated"), &negated).map_err(|e| self.err(e))?
            {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The content hash recorded for document `doc`, if the store holds it: a document
    /// whose hash is unchanged need not be extracted again.
    pub fn content_hash(&self, doc: &str) -> Result<Option<String>, StoreError> {
        let d = vocab::document_iri(doc);
        self.recorded_value(None, &d, "contentHash")
    }

    /// A writer for many documents; see [`DocumentWriter`].
    pub fn document_writer(&self) -> DocumentWriter<'_> {
        DocumentWriter {
            store: self,
            loader: None,
            batch: Vec::new(),
            unsettled: HashSet::new(),
            batches_since_settled: 0,
        }
    }

    /// Writes a document in one transaction, replacing what the store `held` of it.
    fn write_in_transaction(
        &self,
        doc: &PreparedDocument,
        held: bool,
    ) -> Result<LoadOutcome, StoreError> {
        let mut t = self.store.start_transaction().map_err(|e| self.err(e))?;
        if held {
            self.remove_in(&mut t, &doc.id)?;
        }
        for q in &doc.quads {
            t.insert(q);
        }
        t.commit().map_err(|e| self.err(e))?;
        Ok(if held {
            LoadOutcome::Replaced
        } else {
            LoadOutcome::Added
        })
    }

    /// Removes a document and every fact only it stated. Returns false if it was not there.
    pub fn remove_document(&self, doc: &str) -> Result<bool, StoreError> {
        let mut t = self.store.start_transaction().map_err(|e| self.err(e))?;
        if !self.remove_in(&mut t, doc)? {
            return Ok(false);
        }
        t.commit().map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Replaces the gazetteer if `quads` differ from what is stored (by hash): its facts in
    /// the default graph and their copy in the gazetteer graph. A fact of the old gazetteer
    /// that the new one lacks leaves the default graph unless an event states it (the parties
    /// of an agreement). Returns whether it changed.
    pub fn load_gazetteer(&self, quads: &[Quad], hash: &str) -> Result<bool, StoreError> {
        if self
            .recorded_value(Some(GAZETTEER_GRAPH), GAZETTEER_GRAPH, "dataFingerprint")?
            .as_deref()
            == Some(hash)
        {
            return Ok(false);
        }
        let mut all = quads.to_vec();
        all.push(Quad {
            subject: GAZETTEER_GRAPH.into(),
            predicate: vocab::dg("dataFingerprint"),
            object: Term::string(hash),
            graph: Some(GAZETTEER_GRAPH.into()),
        });
        let named: Vec<OxQuad> = all.iter().map(ox_quad).collect();
        let new: HashSet<&OxQuad> = named.iter().collect();
        let gazetteer = node(GAZETTEER_GRAPH);
        let mut t = self.store.start_transaction().map_err(|e| self.err(e))?;
        let old: Vec<OxQuad> = t
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(gazetteer.as_ref())),
            )
            .collect::<Result<_, _>>()
            .map_err(|e| self.err(e))?;
        let party = [node(&vocab::dg("partyTo")), node(&vocab::dg("signed"))];
        for q in &old {
            if new.contains(q) {
                continue;
            }
            t.remove(q);
            let fact = in_default(q);
            if !(party.contains(&fact.predicate) && self.party_stated(&t, &fact)?) {
                t.remove(&fact);
            }
        }
        for q in &named {
            t.insert(q);
            t.insert(&in_default(q));
        }
        t.commit().map_err(|e| self.err(e))?;
        Ok(true)
    }

    /// Flushes writes to disk.
    pub fn flush(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        self.store.flush().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Compacts the store: after a bulk build RocksDB holds many overlapping files, which
    /// every opening process would otherwise go on compacting while it answers.
    pub fn optimize(&self) -> Result<(), StoreError> {
        #[cfg(feature = "rocksdb")]
        self.store.optimize().map_err(|e| self.err(e))?;
        Ok(())
    }

    /// Whether `sparql` parses as a query, and what it produces.
    pub fn query_kind(sparql: &str) -> Result<AnswerKind, QueryError> {
        Ok(kind_of(&parse(sparql)?))
    }

    /// Runs a query (its default graph holds every fact once) and serializes its answer in `format`
    /// (default: table for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE), cancelling it after
    /// `timeout`.
    pub fn query(
        &self,
        sparql: &str,
        format: Option<AnswerFormat>,
        timeout: Option<Duration>,
    ) -> Result<Answer, QueryError> {
        let token = CancellationToken::new();
        let query = parse(sparql)?;
        let kind = kind_of(&query);
        let prepared = SparqlEvaluator::new()
            .with_cancellation_token(token.clone())
            .for_query(query);
        let format = format.unwrap_or(match kind {
            AnswerKind::Results => AnswerFormat::Table,
            AnswerKind::Graph => AnswerFormat::Turtle,
        });
        if (kind == AnswerKind::Graph) != format.for_graphs() {
            let wanted = match kind {
                AnswerKind::Results => "table, json, xml, csv or tsv",
                AnswerKind::Graph => "turtle, ntriples or rdfxml",
            };
            return Err(QueryError::Format(format!(
                "this query's answer can be written as {wanted}, not {format:?}"
            )));
        }
        let Some(limit) = timeout else {
            return serialize(prepared.on_store(&self.store).execute(), format);
        };
        // The evaluation runs on its own thread so that the caller gets its answer at the
        // deadline even when the engine is slow to notice the cancellation; the thread stops
        // at its next check of the token.
        let (sender, receiver) = mpsc::channel();
        let store = self.store.clone();
        std::thread::spawn(move || {
            let _ = sender.send(serialize(prepared.on_store(&store).execute(), format));
        });
        match receiver.recv_timeout(limit) {
            Ok(Err(QueryError::Evaluation(m))) if m == CANCELLED => Err(QueryError::Timeout(limit)),
            Ok(result) => result,
            Err(_) => {
                token.cancel();
                Err(QueryError::Timeout(limit))
            }
        }
    }

    /// Runs a SELECT query and returns its rows, one value (or none) per variable in
    /// `variables` order.
    pub fn select(
        &self,
        sparql: &str,
        variables: &[&str],
    ) -> Result<Vec<Vec<Option<Value>>>, QueryError> {
        let query = parse(sparql)?;
        let results = SparqlEvaluator::new()
            .for_query(query)
            .on_store(&self.store)
            .execute()
            .map_err(eval_error)?;
        let QueryResults::Solutions(solutions) = results else {
            return Err(QueryError::Format("select() takes a SELECT query".into()));
        };
        let variables: Vec<oxigraph::sparql::Variable> = variables
            .iter()
            .map(|v| oxigraph::sparql::Variable::new_unchecked(*v))
            .collect();
        rows_of(solutions, &variables, |t| match t {
            OxTerm::NamedNode(n) => Value::Iri(n.as_str().to_string()),
            OxTerm::Literal(l) => Value::Literal(l.value().to_string()),
            other => Value::Other(other.to_string()),
        })
    }

    /// Writes the whole store in `format`.
    pub fn export(&self, format: DumpFormat, out: &mut dyn Write) -> Result<(), StoreError> {
        match format {
            DumpFormat::Nquads | DumpFormat::Trig => {
                let rdf = if format == DumpFormat::Nquads {
                    RdfFormat::NQuads
                } else {
                    RdfFormat::TriG
                };
                let mut serializer = with_prefixes(RdfSerializer::from_format(rdf)).for_writer(out);
                for q in self.store.iter() {
                    serializer
                        .serialize_quad(&q.map_err(|e| self.err(e))?)
                        .map_err(StoreError::Output)?;
                }
                serializer.finish().map_err(StoreError::Output)?;
            }
            DumpFormat::Turtle => {
                self.store
                    .dump_graph_to_writer(
                        GraphNameRef::DefaultGraph,
                        with_prefixes(RdfSerializer::from_format(RdfFormat::Turtle)),
                        out,
                    )
                    .map_err(|e| match e {
                        oxigraph::store::SerializerError::Io(io) => StoreError::Output(io),
                        e => self.err(e),
                    })?;
            }
        }
        Ok(())
    }
}

const CANCELLED: &str = "cancelled";

/// Removes the files of a bulk-loader batch that an interrupted build left behind
/// (`bulk-*.sst` in the store directory; never ingested, so never part of the store). Only
/// called with the store open, hence locked against other writers.
fn remove_unfinished_bulk_files(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("bulk-") && name.ends_with(".sst") {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn with_prefixes(mut s: RdfSerializer) -> RdfSerializer {
    for (p, iri) in PREFIXES {
        s = s.with_prefix(p, iri).expect("valid prefix IRI");
    }
    s
}

fn kind_of(query: &spargebra::Query) -> AnswerKind {
    match query {
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. } => AnswerKind::Graph,
        _ => AnswerKind::Results,
    }
}

/// Parses a query, telling SPARQL Update apart from a syntax error.
fn parse(sparql: &str) -> Result<spargebra::Query, QueryError> {
    spargebra::SparqlParser::new()
        .parse_query(sparql)
        .map_err(|e| syntax_or_update(sparql, e))
}

/// A parse error, or a refusal when the text is SPARQL Update.
fn syntax_or_update(sparql: &str, e: spargebra::SparqlSyntaxError) -> QueryError {
    if spargebra::SparqlParser::new().parse_update(sparql).is_ok() {
        QueryError::UpdateRefused
    } else {
        QueryError::Syntax(e.to_string())
    }
}

fn eval_error(e: QueryEvaluationError) -> QueryError {
    match e {
        QueryEvaluationError::Cancelled => QueryError::Evaluation(CANCELLED.into()),
        e @ (QueryEvaluationError::Service(_)
        | QueryEvaluationError::UnboundService
        | QueryEvaluationError::InvalidServiceName(_)
        | QueryEvaluationError::UnsupportedService(_)) => QueryError::Unsupported(e.to_string()),
        other => QueryError::Evaluation(other.to_string()),
    }
}

fn serialize(
    results: Result<QueryResults<'_>, QueryEvaluationError>,
    format: AnswerFormat,
) -> Result<Answer, QueryError> {
    let io = |e: std::io::Error| QueryError::Evaluation(e.to_string());
    let mut body = Vec::new();
    match results.map_err(eval_error)? {
        QueryResults::Boolean(b) => match results_format(format) {
            Some(f) => {
                QueryResultsSerializer::from_format(f)
                    .serialize_boolean_to_writer(&mut body, b)
                    .map_err(io)?;
            }
            None => body.extend_from_slice(if b { b"true\n" } else { b"false\n" }),
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match results_format(format) {
                Some(f) => {
                    let mut w = QueryResultsSerializer::from_format(f)
                        .serialize_solutions_to_writer(&mut body, variables)
                        .map_err(io)?;
                    for s in solutions {
                        w.serialize(&s.map_err(eval_error)?).map_err(io)?;
                    }
                    w.finish().map_err(io)?;
                }
                None => {
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_string()).collect();
                    let rows: Vec<Vec<String>> = rows_of(solutions, &variables, compact)?
                        .into_iter()
                        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
                        .collect();
                    body = table(&header, &rows).into_bytes();
                }
            }
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                AnswerFormat::Ntriples => RdfFormat::NTriples,
                AnswerFormat::Rdfxml => RdfFormat::RdfXml,
                _ => RdfFormat::Turtle,
            };
            let mut w = with_prefixes(RdfSerializer::from_format(rdf)).for_writer(&mut body);
            for t in triples {
                w.serialize_triple(&t.map_err(eval_error)?).map_err(io)?;
            }
            w.finish().map_err(io)?;
        }
    }
    Ok(Answer { format, body })
}

/// The values of `variables` in every solution, each term turned into a cell by `cell`.
fn rows_of<T>(
    solutions: oxigraph::sparql::QuerySolutionIter<'_>,
    variables: &[oxigraph::sparql::Variable],
    cell: impl Fn(&OxTerm) -> T,
) -> Result<Vec<Vec<Option<T>>>, QueryError> {
    let mut rows = Vec::new();
    for s in solutions {
        let s = s.map_err(eval_error)?;
        rows.push(variables.iter().map(|v| s.get(v).map(&cell)).collect());
    }
    Ok(rows)
}

fn results_format(format: AnswerFormat) -> Option<QueryResultsFormat> {
    match format {
        AnswerFormat::Json => Some(QueryResultsFormat::Json),
        AnswerFormat::Xml => Some(QueryResultsFormat::Xml),
        AnswerFormat::Csv => Some(QueryResultsFormat::Csv),
        AnswerFormat::Tsv => Some(QueryResultsFormat::Tsv),
        _ => None,
    }
}

/// A term for a table cell: prefixed IRIs, literal values.
fn compact(term: &OxTerm) -> String {
    match term {
        OxTerm::NamedNode(n) => {
            let iri = n.as_str();
            PREFIXES
                .iter()
                .find_map(|(p, ns)| iri.strip_prefix(ns).map(|rest| format!("{p}:{rest}")))
                .unwrap_or_else(|| format!("<{iri}>"))
        }
        OxTerm::Literal(l) => l.value().to_string(),
        other => other.to_string(),
    }
}

/// An aligned text table, cells cut at 60 characters.
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    const MAX: usize = 60;
    let cut = |s: &str| -> String {
        let one_line = s.replace(['\n', '\t'], " ");
        if one_line.chars().count() > MAX {
            let mut c: String = one_line.chars().take(MAX - 1).collect();
            c.push('…');
            c
        } else {
            one_line
        }
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for r in &cells {
        for (i, c) in r.iter().enumerate() {
            widths[i] = widths[i].max(c.chars().count());
        }
    }
    let line = |r: &[String]| -> String {
        r.iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(header);
    out.push('\n');
    for r in &cells {
        out.push_str(&line(r));
        out.push('\n');
    }
    out.push_str(&format!("({} rows)\n", rows.len()));
    out
}
