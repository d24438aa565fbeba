//! `diplograph build`: read documents, extract, and load them into the store, one
//! transaction per document. Rebuilding an unchanged document does nothing; a changed one
//! (text, metadata, or the data it was extracted with) replaces its old facts.

use crate::extract::Extractor;
use crate::fingerprint::Fingerprint;
use crate::input::{InputError, read_inputs};
use crate::rdf::{document_quads, gazetteer_quads};
use crate::store::{KnowledgeStore, LoadOutcome, StoreError};
use std::path::PathBuf;

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
    /// Quads in the store afterwards.
    pub store_quads: usize,
    /// Inputs that could not be read.
    pub input_errors: Vec<InputError>,
}

/// Progress of a running build, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Documents done.
    pub documents: usize,
    /// Events extracted so far.
    pub events: usize,
}

/// Loads the gazetteer graph (if it changed) and every document under `paths`.
pub fn build(
    extractor: &Extractor,
    store: &KnowledgeStore,
    paths: &[PathBuf],
    mut on_progress: impl FnMut(Progress),
) -> Result<BuildReport, StoreError> {
    let mut report = BuildReport::default();
    let gazetteer = gazetteer_quads(&extractor.gazetteer);
    let hash = Fingerprint::default()
        .with("gazetteer")
        .with(&extractor.data_fingerprint)
        .hex();
    report.gazetteer_written = store.load_gazetteer(&gazetteer, &hash)?;
    let mut failure: Option<StoreError> = None;
    let mut errors = Vec::new();
    read_inputs(
        paths,
        |doc| {
            if failure.is_some() {
                return;
            }
            report.read += 1;
            let extraction = extractor.extract(&doc);
            let graph = document_quads(
                &extractor.gazetteer,
                &doc,
                &extraction,
                &extractor.data_fingerprint,
            );
            match store.load_document(&doc.id, &graph) {
                Ok(LoadOutcome::Unchanged) => report.unchanged += 1,
                Ok(outcome) => {
                    if outcome == LoadOutcome::Added {
                        report.added += 1;
                    } else {
                        report.replaced += 1;
                    }
                    report.sentences += graph.sentences;
                    report.events += graph.events;
                    report.quads_written += graph.quads.len();
                }
                Err(e) => failure = Some(e),
            }
            on_progress(Progress {
                documents: report.read,
                events: report.events,
            });
        },
        |e| errors.push(e),
    );
    report.input_errors = errors;
    if let Some(e) = failure {
        return Err(e);
    }
    store.flush()?;
    report.store_quads = store.len()?;
    Ok(report)
}
