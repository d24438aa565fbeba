//! `diplograph build`: read documents, extract, and load them into the store. Documents are
//! extracted on several threads and written in reading order; each lands whole or not at
//! all. Rebuilding an unchanged document does nothing (it is not even extracted again); a
//! changed one (text, metadata, or the data it was extracted with) replaces its old facts.

use crate::extract::Extractor;
use crate::fingerprint::Fingerprint;
use crate::input::{InputError, input_size};
use crate::pipeline::for_each_document;
use crate::rdf::{content_hash, document_quads, gazetteer_quads};
use crate::store::{KnowledgeStore, LoadOutcome, PreparedDocument, StoreError};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// What a build did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    /// Documents read.
    pub read: usize,
    /// Documents new to the store.
    pub added: usize,
    /// Documents whose facts were replaced.
    pub replaced: usize,
    /// Documents left as they were.
    pub unchanged: usize,
    /// Sentences of added or replaced documents.
    pub sentences: usize,
    /// Events of added or replaced documents.
    pub events: usize,
    /// Quads written for added or replaced documents.
    pub quads_written: usize,
    /// Whether the gazetteer graph was (re)written.
    pub gazetteer_written: bool,
    /// Documents in the store afterwards.
    pub store_documents: usize,
    /// Inputs that could not be read.
    pub input_errors: Vec<InputError>,
}

/// Progress of a running build, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents done.
    pub documents: usize,
    /// Sentences of the documents extracted so far (unchanged documents are not extracted).
    pub sentences: usize,
    /// Events extracted so far.
    pub events: usize,
    /// Input bytes read so far (compressed bytes for a compressed file).
    pub bytes_read: u64,
    /// Input bytes in all (0 when reading standard input only).
    pub bytes_total: u64,
}

/// What a worker made of one document.
enum Prepared {
    /// The store already holds this very document.
    Unchanged,
    /// Its statements, sentence and event counts.
    Extracted(PreparedDocument, usize, usize),
    /// The store could not be read.
    Failed(StoreError),
}

/// Loads the gazetteer graph (if it changed) and every document under `paths`, extracting
/// on `threads` threads.
pub fn build(
    extractor: &Extractor,
    store: &KnowledgeStore,
    paths: &[PathBuf],
    threads: usize,
    mut on_progress: impl FnMut(Progress),
) -> Result<BuildReport, StoreError> {
    let mut report = BuildReport::default();
    let gazetteer = gazetteer_quads(&extractor.gazetteer);
    let hash = Fingerprint::default()
        .with("gazetteer")
        .with(&extractor.data_fingerprint)
        .hex();
    report.gazetteer_written = store.load_gazetteer(&gazetteer, &hash)?;
    let mut writer = store.document_writer();
    let mut failure: Option<StoreError> = None;
    let mut errors = Vec::new();
    let bytes_total = input_size(paths);
    let bytes_read = AtomicU64::new(0);
    for_each_document(
        paths,
        &bytes_read,
        threads,
        |doc| {
            let hash = content_hash(&doc, &extractor.data_fingerprint);
            match store.content_hash(&doc.id) {
                Ok(Some(stored)) if stored == hash => return Prepared::Unchanged,
                Ok(_) => {}
                Err(e) => return Prepared::Failed(e),
            }
            let extraction = extractor.extract(&doc);
            let graph = document_quads(
                &extractor.gazetteer,
                &doc,
                &extraction,
                &extractor.data_fingerprint,
            );
            Prepared::Extracted(
                PreparedDocument::new(&doc.id, &graph),
                graph.sentences,
                graph.events,
            )
        },
        |prepared| {
            report.read += 1;
            let outcome = match prepared {
                Prepared::Unchanged => Ok(LoadOutcome::Unchanged),
                Prepared::Failed(e) => Err(e),
                Prepared::Extracted(doc, sentences, events) => {
                    let quads = doc.len();
                    writer.load(doc).inspect(|outcome| {
                        if *outcome != LoadOutcome::Unchanged {
                            report.sentences += sentences;
                            report.events += events;
                            report.quads_written += quads;
                        }
                    })
                }
            };
            match outcome {
                Ok(LoadOutcome::Unchanged) => report.unchanged += 1,
                Ok(LoadOutcome::Added) => report.added += 1,
                Ok(LoadOutcome::Replaced) => report.replaced += 1,
                Err(e) => {
                    failure = Some(e);
                    return ControlFlow::Break(());
                }
            }
            on_progress(Progress {
                documents: report.read,
                sentences: report.sentences,
                events: report.events,
                bytes_read: bytes_read.load(Ordering::Relaxed),
                bytes_total,
            });
            ControlFlow::Continue(())
        },
        |e| errors.push(e),
    );
    report.input_errors = errors;
    // What was loaded before a failure stays: each document is whole.
    let finished = writer.finish();
    if let Some(e) = failure {
        return Err(e);
    }
    finished?;
    store.flush()?;
    report.store_documents = store.document_count()?;
    Ok(report)
}
