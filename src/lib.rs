//! diplograph: a knowledge-graph builder for state actors and agreements.
//!
//! The flow is text → sentences → mentions → events (this crate's extraction side):
//! [`input`] reads documents, [`text`] normalises and segments them, [`mentions`] finds
//! gazetteer names, [`extract`] applies the rules of `data/rules` and returns
//! [`model::Event`]s, which [`output`] prints.
//!
//! ```
//! use diplograph::datafiles::DataSource;
//! use diplograph::extract::{Document, Extractor};
//!
//! let extractor = Extractor::load(&DataSource::Embedded)?;
//! let mut doc = Document::new("d1", "Washington and Moscow failed Monday to agree on a deal.");
//! doc.date = Some("2016-09-06".into());
//! let events = extractor.extract(&doc).events;
//! assert_eq!(events[0].event_type.as_str(), "talks");
//! assert_eq!(events[0].outcome.map(|o| o.as_str()), Some("failed"));
//! assert_eq!(events[0].date.as_ref().map(|d| d.value.as_str()), Some("2016-09-05"));
//! # Ok::<(), anyhow::Error>(())
//! ```

pub mod ask;
pub mod benchcorpus;
pub mod build;
pub mod calendar;
pub mod check;
pub mod datafiles;
pub mod dates;
pub mod export;
pub mod extract;
pub mod fingerprint;
pub mod fuzzing;
pub mod gazetteer;
pub mod graph;
pub mod input;
pub mod lexicon;
pub mod mentions;
pub mod model;
pub mod names;
pub mod output;
pub mod pipeline;
pub mod rdf;
pub mod rules;
pub mod scan;
pub mod server;
pub mod store;
pub mod text;
