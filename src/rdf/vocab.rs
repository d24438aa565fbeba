//! IRIs of the vocabulary (see `ontology/README.md`).

/// The diplograph ontology namespace.
pub const DG: &str = "https://w3id.org/diplograph/ontology#";
/// The namespace of diplograph resources (entities, events, documents, sentences).
pub const DGR: &str = "https://w3id.org/diplograph/id/";
/// The graph holding the gazetteer.
pub const GAZETTEER_GRAPH: &str = "https://w3id.org/diplograph/graph/gazetteer";

/// `rdf:type`.
pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// `rdfs:label`.
pub const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
/// `owl:sameAs`.
pub const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";
/// `skos:altLabel`.
pub const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
/// `prov:wasDerivedFrom`.
pub const PROV_WAS_DERIVED_FROM: &str = "http://www.w3.org/ns/prov#wasDerivedFrom";
/// NIF core namespace.
pub const NIF: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
/// `dcterms:` namespace.
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
/// `schema:` namespace.
pub const SCHEMA: &str = "https://schema.org/";
/// Wikidata entities.
pub const WD: &str = "http://www.wikidata.org/entity/";

/// `xsd:string`.
pub const XSD_STRING: &str = "http://www.w3.org/2001/XMLSchema#string";
/// `xsd:boolean`.
pub const XSD_BOOLEAN: &str = "http://www.w3.org/2001/XMLSchema#boolean";
/// `xsd:decimal`.
pub const XSD_DECIMAL: &str = "http://www.w3.org/2001/XMLSchema#decimal";
/// `xsd:integer` (Oxigraph stores every integer type as `xsd:integer`).
pub const XSD_INTEGER: &str = "http://www.w3.org/2001/XMLSchema#integer";
/// `xsd:date`.
pub const XSD_DATE: &str = "http://www.w3.org/2001/XMLSchema#date";
/// `xsd:gYearMonth`.
pub const XSD_G_YEAR_MONTH: &str = "http://www.w3.org/2001/XMLSchema#gYearMonth";
/// `xsd:gYear`.
pub const XSD_G_YEAR: &str = "http://www.w3.org/2001/XMLSchema#gYear";
/// `xsd:gMonthDay`.
pub const XSD_G_MONTH_DAY: &str = "http://www.w3.org/2001/XMLSchema#gMonthDay";
/// `xsd:gMonth`.
pub const XSD_G_MONTH: &str = "http://www.w3.org/2001/XMLSchema#gMonth";

/// A term of the diplograph ontology.
pub fn dg(local: &str) -> String {
    format!("{DG}{local}")
}

/// A NIF term.
pub fn nif(local: &str) -> String {
    format!("{NIF}{local}")
}

/// A Dublin Core term.
pub fn dcterms(local: &str) -> String {
    format!("{DCTERMS}{local}")
}

/// A schema.org term.
pub fn schema(local: &str) -> String {
    format!("{SCHEMA}{local}")
}

/// Percent-encodes what an IRI path segment may not hold.
pub fn segment(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The IRI of a gazetteer or derived entity id (`state:RUS` → `…/id/state/RUS`).
pub fn entity_iri(id: &str) -> String {
    match id.split_once(':') {
        Some((kind, key)) => format!("{DGR}{kind}/{}", segment(key)),
        None => format!("{DGR}{}", segment(id)),
    }
}

/// The entity id of a resource IRI (`…/id/state/RUS` → `state:RUS`), the inverse of
/// [`entity_iri`].
pub fn iri_to_id(iri: &str) -> Option<String> {
    let rest = iri.strip_prefix(DGR)?;
    let (kind, key) = rest.split_once('/')?;
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len() + 1
            && let Some(b) = key
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    Some(format!("{kind}:{}", String::from_utf8_lossy(&out)))
}

/// The IRI of a document.
pub fn document_iri(doc: &str) -> String {
    format!("{DGR}doc/{}", segment(doc))
}

/// The IRI (and graph name) of a sentence.
pub fn sentence_iri(doc: &str, index: usize) -> String {
    format!("{}/sentence/{index}", document_iri(doc))
}

/// The XML Schema datatype of a date value in diplograph's output form.
pub fn date_datatype(value: &str) -> &'static str {
    let v = value.strip_prefix('-').unwrap_or(value);
    if let Some(rest) = value.strip_prefix("--") {
        return if rest.len() == 2 {
            XSD_G_MONTH
        } else {
            XSD_G_MONTH_DAY
        };
    }
    match v.len() {
        4 => XSD_G_YEAR,
        7 => XSD_G_YEAR_MONTH,
        _ => XSD_DATE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_and_datatypes() {
        assert_eq!(
            entity_iri("state:RUS"),
            "https://w3id.org/diplograph/id/state/RUS"
        );
        assert_eq!(
            document_iri("a b/é"),
            "https://w3id.org/diplograph/id/doc/a%20b%2F%C3%A9"
        );
        assert_eq!(date_datatype("2020-03-05"), XSD_DATE);
        assert_eq!(date_datatype("--03-05"), XSD_G_MONTH_DAY);
        assert_eq!(date_datatype("--03"), XSD_G_MONTH);
        assert_eq!(date_datatype("2020-03"), XSD_G_YEAR_MONTH);
        assert_eq!(date_datatype("2020"), XSD_G_YEAR);
    }
}
