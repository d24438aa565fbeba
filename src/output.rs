//! Printing events and sentences: JSON lines for scripts, an aligned table for people.

use crate::extract::Sentence;
use crate::gazetteer::AliasForm;
use crate::model::Event;
use std::io::{self, Write};

/// Output formats of `diplograph extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventFormat {
    /// One JSON object per line.
    Jsonl,
    /// An aligned table, one event per line.
    Table,
}

const WIDTHS: [usize; 7] = [22, 4, 18, 8, 44, 26, 12];
const HEADERS: [&str; 7] = [
    "DOC",
    "SENT",
    "TYPE",
    "OUTCOME",
    "PARTICIPANTS",
    "AGREEMENT",
    "DATE",
];

fn cell(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        format!("{text:<width$}")
    } else {
        let cut: String = text.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

/// Writes events as they come, in one format.
pub struct EventWriter<W: Write> {
    out: W,
    format: EventFormat,
    header_written: bool,
}

impl<W: Write> EventWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W, format: EventFormat) -> Self {
        EventWriter {
            out,
            format,
            header_written: false,
        }
    }

    /// Writes one event.
    pub fn write(&mut self, e: &Event) -> io::Result<()> {
        match self.format {
            EventFormat::Jsonl => {
                serde_json::to_writer(&mut self.out, e)?;
                writeln!(self.out)
            }
            EventFormat::Table => {
                if !self.header_written {
                    self.header_written = true;
                    let row: Vec<String> = HEADERS
                        .iter()
                        .zip(WIDTHS)
                        .map(|(h, w)| cell(h, w))
                        .collect();
                    writeln!(self.out, "{}  RULE", row.join("  "))?;
                }
                let mut negation = String::new();
                if e.negated {
                    negation.push_str(" (negated)");
                }
                let participants: Vec<String> = e
                    .participants
                    .iter()
                    .map(|p| match p.role {
                        Some(crate::model::Role::Source) => format!("{}→", p.label),
                        Some(crate::model::Role::Target) => format!("→{}", p.label),
                        None => p.label.clone(),
                    })
                    .collect();
                let fields = [
                    e.doc.clone(),
                    e.sentence.to_string(),
                    format!("{}{negation}", e.event_type),
                    e.outcome.map_or("-", |o| o.as_str()).to_string(),
                    participants.join(", "),
                    e.agreement
                        .as_ref()
                        .map_or("-".to_string(), |a| a.label.clone()),
                    e.date.as_ref().map_or("-".to_string(), |d| d.value.clone()),
                ];
                let row: Vec<String> = fields.iter().zip(WIDTHS).map(|(f, w)| cell(f, w)).collect();
                writeln!(self.out, "{}  {}", row.join("  "), e.rule)
            }
        }
    }

    /// Flushes the output.
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Writes one sentence as a JSON line (`doc`, `sentence`, `span`, `lang`, `text`, and the
/// names found in it when given).
pub fn write_sentence<W: Write>(
    out: &mut W,
    doc: &str,
    s: &Sentence,
    names: Option<Vec<(usize, usize, String, AliasForm)>>,
) -> io::Result<()> {
    let mut value = serde_json::json!({
        "doc": doc,
        "sentence": s.index,
        "span": [s.start, s.end],
        "lang": s.lang,
        "text": s.text,
    });
    if let Some(names) = names {
        let chars: Vec<char> = s.text.chars().collect();
        value["names"] = names
            .into_iter()
            .map(|(a, b, id, form)| {
                serde_json::json!({
                    "span": [a, b],
                    "text": chars[a..b].iter().collect::<String>(),
                    "entity": id,
                    "form": format!("{form:?}").to_lowercase(),
                })
            })
            .collect();
    }
    serde_json::to_writer(&mut *out, &value)?;
    writeln!(out)
}
