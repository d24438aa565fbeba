//! diplograph: a knowledge-graph builder for state actors and agreements.
//!
//! The flow is text → sentences → mentions → events (this crate's extraction side):
//! [`input`] reads documents, [`text`] normalises and segments them, [`mentions`] finds
//! gazetteer names, [`extract`] applies the rules of `data/rules` and returns
//! [`model::Event`]s, which [`output`] prints.

pub mod calendar;
pub mod check;
pub mod datafiles;
pub mod dates;
pub mod extract;
pub mod gazetteer;
pub mod input;
pub mod lexicon;
pub mod mentions;
pub mod model;
pub mod output;
pub mod rules;
pub mod text;
