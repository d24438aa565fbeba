//! The RDF form of the gazetteer and of extraction results, under the vocabulary described
//! in `ontology/README.md`. Plain terms and quads: this module knows no RDF store; the store
//! module turns them into Oxigraph's.

pub mod askkeys;
mod mapping;
pub mod vocab;

pub use mapping::{
    DocumentGraph, agreement_edges, content_hash, document_quads, event_class, event_key_iri,
    event_type_of_class, gazetteer_quads,
};

/// An RDF term in object position.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    /// An IRI.
    Iri(String),
    /// A literal: lexical form, datatype IRI (`None` for a plain or language-tagged string),
    /// language tag.
    Literal {
        /// Lexical form.
        value: String,
        /// Datatype IRI; `None` means `xsd:string` (or `rdf:langString` with a language).
        datatype: Option<&'static str>,
        /// Language tag.
        lang: Option<String>,
    },
}

impl Term {
    /// An IRI term.
    pub fn iri(iri: impl Into<String>) -> Term {
        Term::Iri(iri.into())
    }

    /// A plain string literal.
    pub fn string(value: impl Into<String>) -> Term {
        Term::Literal {
            value: value.into(),
            datatype: None,
            lang: None,
        }
    }

    /// A language-tagged string.
    pub fn lang_string(value: impl Into<String>, lang: &str) -> Term {
        Term::Literal {
            value: value.into(),
            datatype: None,
            lang: Some(lang.to_string()),
        }
    }

    /// A typed literal.
    pub fn typed(value: impl Into<String>, datatype: &'static str) -> Term {
        Term::Literal {
            value: value.into(),
            datatype: Some(datatype),
            lang: None,
        }
    }
}

/// A statement in a named graph (`graph` = `None`: the default graph). Subjects are IRIs:
/// the graph uses no blank nodes, so every node can be named in a query.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quad {
    /// Subject IRI.
    pub subject: String,
    /// Predicate IRI.
    pub predicate: String,
    /// Object.
    pub object: Term,
    /// Graph IRI.
    pub graph: Option<String>,
}
