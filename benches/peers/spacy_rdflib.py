"""The peer a user would pick instead of diplograph: a spaCy + rdflib pipeline.

One blank spaCy pipeline per language (en, fr, vi) splits sentences, finds the gazetteer's
names with an EntityRuler and the rules' trigger words with a PhraseMatcher (both matching
lowercased tokens, as diplograph matches any case); a sentence with a trigger and the actors
its rule needs yields one event of the rule's type. The documents, sentences and events are
written with rdflib in the shape diplograph writes them (ontology/README.md): a graph per
document and per sentence, every fact mirrored into the default graph, as N-Quads.

    python spacy_rdflib.py CORPUS_DIR [--data DATA_DIR] [--out FILE.nq] [--processes N]

Without --out (or with --out -) the N-Quads are serialized to memory and dropped, so the
cost of writing RDF is paid all the same. A summary line goes to stderr:

    peer: docs=… sentences=… events=… quads=… setup_s=… run_s=… sentences_per_s=…

setup_s is building the pipelines from the gazetteer and rules; run_s is the rest (reading,
NLP, events, RDF, serializing), of which nlp_s and rdf_s are the parts.
"""

import argparse
import csv
import hashlib
import os
import sys
import time
import tomllib
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import spacy
from rdflib import Dataset, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from spacy.language import Language
from spacy.matcher import PhraseMatcher

# Namespaces, as in src/rdf/vocab.rs.
DG = Namespace("https://w3id.org/diplograph/ontology#")
DGR = "https://w3id.org/diplograph/id/"
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("https://schema.org/")

LANGS = ("en", "fr", "vi")
# Entity kinds (the prefix of a gazetteer id) that can take part in an event.
ACTORS = {"state", "person", "org", "group"}
# Event types that need two sides unless the rule says otherwise.
TWO_SIDED = {"agreement", "talks", "meeting", "phone_call"}
EVENT_CLASS = {
    "agreement": DG.AgreementEvent,
    "talks": DG.Talks,
    "meeting": DG.Meeting,
    "phone_call": DG.PhoneCall,
    "visit": DG.Visit,
    "accusation": DG.Accusation,
    "ceasefire": DG.Ceasefire,
    "military_operation": DG.MilitaryOperation,
    "statement": DG.Statement,
}
# The actor-to-actor edge diplograph adds for symmetric events.
SYMMETRIC_EDGE = {"talks": DG.talkedWith, "meeting": DG.metWith, "phone_call": DG.calledWith}


@dataclass(frozen=True)
class Rule:
    """The parts of a rule (data/rules/*.toml) the peer uses."""

    id: str
    type: str
    min_sides: int
    requires_agreement: bool
    confidence: float
    agreed: bool

    @classmethod
    def from_toml(cls, table):
        return cls(
            id=table["id"],
            type=table["type"],
            min_sides=table.get("min_sides", 2 if table["type"] in TWO_SIDED else 1),
            requires_agreement=table.get("requires_agreement", False),
            confidence=table.get("confidence", 0.8),
            agreed=table.get("outcome") == "agreed",
        )


@dataclass(frozen=True)
class Meta:
    """A document of the corpus, before it is read."""

    id: str
    path: str
    lang: str
    date: str | None


def kind(entity_id):
    return entity_id.split(":", 1)[0]


def fingerprint(*fields):
    """A short stable hash of some strings (diplograph uses a 64-bit FNV-1a)."""
    return hashlib.blake2b("\xff".join(fields).encode(), digest_size=8).hexdigest()


@lru_cache(maxsize=None)
def entity_iri(entity_id):
    """`state:RUS` → `https://w3id.org/diplograph/id/state/RUS` (the key percent-encoded)."""
    prefix, key = entity_id.split(":", 1)
    return URIRef(f"{DGR}{prefix}/{quote(key, safe='')}")


def gazetteer_patterns(data, lang):
    """EntityRuler phrase patterns for every name of `lang` (or of every language, `*`)."""
    files = sorted((data / "gazetteer").glob("*_aliases.csv")) + [data / "gazetteer" / "state_names.csv"]
    patterns, seen = [], set()
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["lang"] not in (lang, "*"):
                    continue
                alias = unicodedata.normalize("NFC", row["alias"])
                key = (row["entity"], alias.lower())
                if key not in seen:
                    seen.add(key)
                    patterns.append({"label": kind(row["entity"]), "pattern": alias, "id": row["entity"]})
    return patterns


def sentences(doc):
    """The non-blank sentences of `doc` as (span, start, end): character offsets without the
    surrounding whitespace, as diplograph trims its sentences."""
    out = []
    for sent in doc.sents:
        text = sent.text
        stripped = text.strip()
        if stripped:
            start = sent.start_char + len(text) - len(text.lstrip())
            out.append((sent, start, start + len(stripped)))
    return out


@Language.component("line_breaks")
def line_breaks(doc):
    """A line break ends a sentence, as in diplograph (headlines have no final punctuation);
    the sentencizer, which keeps these boundaries, then splits lines on punctuation."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            if token.i:
                token.is_sent_start = False
            doc[token.i + 1].is_sent_start = True
    return doc


class TriggerEvents:
    """Finds the trigger words of a language's rules and turns each into an event when its
    sentence has the actors (and the agreement) the rule needs: one event per sentence and
    type. The sentences' offsets and the events go to doc.user_data as plain lists, so that
    they survive the trip back from nlp.pipe's worker processes."""

    def __init__(self, nlp, rules_path):
        with open(rules_path, "rb") as f:
            tables = tomllib.load(f)["rule"]
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.rules = {}
        for table in tables:
            rule = Rule.from_toml(table)
            triggers = [unicodedata.normalize("NFC", t) for t in table["triggers"]]
            self.matcher.add(rule.id, list(nlp.tokenizer.pipe(triggers)))
            self.rules[nlp.vocab.strings[rule.id]] = rule

    def __call__(self, doc):
        sents = sentences(doc)
        starts = [sent.start for sent, _, _ in sents]
        ents = [[] for _ in sents]
        for ent in doc.ents:
            ents[bisect_right(starts, ent.start) - 1].append(ent)
        triggered = [[] for _ in sents]
        for match_id, start, _ in self.matcher(doc):
            triggered[bisect_right(starts, start) - 1].append(self.rules[match_id])
        events = []
        for index, rules in enumerate(triggered):
            if not rules:
                continue
            found = {"actor": [], "place": [], "agreement": []}
            for ent in ents[index]:
                role = "actor" if ent.label_ in ACTORS else ent.label_
                if ent.ent_id_ not in found[role]:
                    found[role].append(ent.ent_id_)
            actors, places, agreements = found["actor"], found["place"], found["agreement"]
            done = set()
            for rule in rules:
                if rule.type in done or len(actors) < rule.min_sides:
                    continue
                if rule.requires_agreement and not agreements:
                    continue
                done.add(rule.type)
                agreement = agreements[0] if agreements else None
                events.append([index, rule.id, actors, places, agreement])
        doc.user_data["sentences"] = [[start, end] for _, start, end in sents]
        doc.user_data["events"] = events
        return doc


@Language.factory("trigger_events", default_config={"rules_path": ""})
def make_trigger_events(nlp, name, rules_path):
    return TriggerEvents(nlp, rules_path)


def build_pipeline(lang, data):
    """A blank pipeline: line breaks, sentencizer, gazetteer EntityRuler, trigger events."""
    if lang == "vi":
        # spaCy's Vietnamese tokenizer needs the pyvi word segmenter (a CRF, an extra
        # package) by default, and with use_pyvi = false only splits on whitespace, leaving
        # punctuation on the words ("Syria," would not match "Syria"). The rule-based
        # tokenizer of the other languages splits syllables and punctuation, which is what
        # phrase matching of names and triggers needs (diplograph matches whole syllables
        # too) and costs no extra package or model.
        nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}})
    else:
        nlp = spacy.blank(lang)
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(gazetteer_patterns(data, lang))
    nlp.add_pipe("trigger_events", config={"rules_path": str(data / "rules" / f"{lang}.toml")})
    return nlp


def corpus_documents(root):
    """Every .txt file under `root`, in path order; the manifest.csv (doc,file,lang,date)
    of its directory gives its id, language and date (default: file stem, en, none)."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        manifest = {}
        if "manifest.csv" in filenames:
            with open(os.path.join(dirpath, "manifest.csv"), newline="", encoding="utf-8") as f:
                manifest = {row["file"].strip(): row for row in csv.DictReader(f)}
        for name in sorted(filenames):
            if not name.endswith(".txt"):
                continue
            row = manifest.get(name, {})
            yield Meta(
                id=(row.get("doc") or "").strip() or name[: -len(".txt")],
                path=os.path.join(dirpath, name),
                lang=(row.get("lang") or "").strip() or "en",
                date=(row.get("date") or "").strip() or None,
            )


def read_text(meta):
    with open(meta.path, encoding="utf-8") as f:
        return unicodedata.normalize("NFC", f.read())


class RdfWriter:
    """Adds documents to an rdflib Dataset and serializes it as N-Quads every `chunk`
    documents (then starts a new one), so that memory stays bounded. Facts are mirrored
    into the default graph, deduplicated within a chunk only."""

    def __init__(self, out, chunk, rules):
        self.out = out
        self.chunk = chunk
        self.rules = rules
        self.quads = 0
        self.sentences = 0
        self.events = 0
        self._new_dataset()

    def _new_dataset(self):
        self.ds = Dataset()
        self.docs_in_chunk = 0

    def _add(self, graph_iri, triples):
        graph, default = self.ds.graph(graph_iri), self.ds.default_graph
        graph += triples
        default += triples

    def add(self, meta, doc):
        d = URIRef(f"{DGR}doc/{quote(meta.id, safe='')}")
        text = doc.text  # joined from the tokens at every call: once per document
        content_hash = fingerprint(text, meta.lang, meta.date or "")
        doc_triples = [
            (d, RDF.type, DG.Document),
            (d, DCTERMS.identifier, Literal(meta.id)),
            (d, DG.contentHash, Literal(content_hash)),
            (d, DCTERMS.source, Literal(meta.path)),
            (d, DCTERMS.language, Literal(meta.lang)),
        ]
        if meta.date:
            doc_triples.append((d, SCHEMA.datePublished, Literal(meta.date, datatype=XSD.date)))
        sentence_iris = []
        for index, (start, end) in enumerate(doc.user_data["sentences"]):
            s = URIRef(f"{d}/sentence/{index}")
            sentence_iris.append(s)
            doc_triples += [
                (s, RDF.type, DG.Sentence),
                (s, NIF.anchorOf, Literal(text[start:end])),
                (s, NIF.beginIndex, Literal(start)),
                (s, NIF.endIndex, Literal(end)),
                (s, NIF.referenceContext, d),
                (s, DG.sentenceIndex, Literal(index)),
                (s, DCTERMS.language, Literal(meta.lang)),
            ]
        by_sentence = {}
        for index, rule_id, actors, places, agreement in doc.user_data["events"]:
            s = sentence_iris[index]
            doc_triples.append((s, DG.firedRule, Literal(rule_id)))
            triples = by_sentence.setdefault(s, [])
            triples += self._event(meta, s, self.rules[rule_id], actors, places, agreement)
        self._add(d, doc_triples)
        for s, triples in by_sentence.items():
            self._add(s, triples)
        self.sentences += len(sentence_iris)
        self.events += len(doc.user_data["events"])
        self.docs_in_chunk += 1
        if self.docs_in_chunk >= self.chunk:
            self.flush()

    def _event(self, meta, sentence, rule, actors, places, agreement):
        """The triples of one event, and the direct edges diplograph adds between actors,
        agreements and places."""
        # As in diplograph, one node for the same event stated in several sentences.
        key = ["agreement", agreement] if agreement else ["doc", meta.id]
        e = URIRef(f"{DGR}event/{fingerprint(rule.type, ','.join(sorted(actors)), *key)}")
        triples = [
            (e, RDF.type, EVENT_CLASS[rule.type]),
            (e, PROV.wasDerivedFrom, sentence),
            (e, DG.rule, Literal(rule.id)),
            (e, DG.confidence, Literal(f"{rule.confidence:.2f}", datatype=XSD.decimal)),
        ]
        triples += [(e, DG.participant, entity_iri(a)) for a in actors]
        triples += [(e, DG.place, entity_iri(p)) for p in places]
        if agreement:
            triples.append((e, DG.agreement, entity_iri(agreement)))
        if rule.type in SYMMETRIC_EDGE:
            # Persons with persons, the other actors with each other.
            triples += [
                (entity_iri(a), SYMMETRIC_EDGE[rule.type], entity_iri(b))
                for a in actors
                for b in actors
                if a != b and (kind(a) == "person") == (kind(b) == "person")
            ]
        elif rule.type == "visit":
            triples += [(entity_iri(a), DG.visited, entity_iri(p)) for a in actors for p in places]
        elif rule.type == "agreement" and rule.agreed and agreement:
            for a in actors:
                triples.append((entity_iri(a), DG.signed, entity_iri(agreement)))
                if kind(a) != "person":
                    triples.append((entity_iri(a), DG.partyTo, entity_iri(agreement)))
        return triples

    def flush(self):
        data = self.ds.serialize(format="nquads", encoding="utf-8")
        # Every statement line ends with " .\n" (a literal's line breaks are escaped).
        self.quads += data.count(b" .\n")
        if self.out is not None:
            self.out.write(data)
        self._new_dataset()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="directory of .txt files with manifest.csv files")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "data",
                        help="diplograph's data directory (gazetteer/, rules/)")
    parser.add_argument("--out", default=None, help="N-Quads output file (default, or -: serialize and discard)")
    parser.add_argument("--processes", type=int, default=1, help="n_process for nlp.pipe (default 1)")
    parser.add_argument("--batch-size", type=int, default=64, help="documents per nlp.pipe batch (default 64)")
    parser.add_argument("--chunk", type=int, default=1000, help="documents per serialized Dataset (default 1000)")
    args = parser.parse_args()

    t0 = time.perf_counter()
    pipelines = {lang: build_pipeline(lang, args.data) for lang in LANGS}
    rules = {r.id: r for nlp in pipelines.values() for r in nlp.get_pipe("trigger_events").rules.values()}
    t1 = time.perf_counter()

    out = None if args.out in (None, "-") else open(args.out, "wb")
    writer = RdfWriter(out, args.chunk, rules)
    rdf_s = 0.0
    docs = list(corpus_documents(args.corpus))
    skipped = [m for m in docs if m.lang not in pipelines]
    for lang, nlp in pipelines.items():
        texts = ((read_text(m), m) for m in docs if m.lang == lang)
        for doc, meta in nlp.pipe(texts, as_tuples=True, batch_size=args.batch_size, n_process=args.processes):
            r0 = time.perf_counter()
            writer.add(meta, doc)
            rdf_s += time.perf_counter() - r0
    r0 = time.perf_counter()
    writer.flush()
    if out is not None:
        out.close()
    t2 = time.perf_counter()
    rdf_s += t2 - r0

    run_s = t2 - t1
    if skipped:
        print(f"peer: skipped {len(skipped)} documents in languages other than {', '.join(LANGS)}", file=sys.stderr)
    print(
        f"peer: docs={len(docs) - len(skipped)} sentences={writer.sentences} events={writer.events} "
        f"quads={writer.quads} processes={args.processes} setup_s={t1 - t0:.2f} run_s={run_s:.2f} "
        f"nlp_s={run_s - rdf_s:.2f} rdf_s={rdf_s:.2f} sentences_per_s={writer.sentences / run_s:.0f}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
