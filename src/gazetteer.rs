//! The gazetteer: states, people and their offices, organisations, groups, places and
//! agreements, with their names in every language (`data/gazetteer/*.csv`).

use crate::calendar::{Date, PartialDate};
use crate::datafiles::{DataFile, DataSource, Folder};
use crate::model::EntityKind;
use crate::text::normalize::{fold, nfc};
use anyhow::{Context, Result, anyhow, bail};
use serde::Deserialize;
use std::collections::HashMap;

/// Index of an entity in [`Gazetteer::entities`].
pub type EntityId = usize;

/// The role of an office, used to find counterparts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfficeRole {
    /// President, king, emir.
    HeadOfState,
    /// Prime minister, chancellor, premier.
    HeadOfGovernment,
    /// A president who also leads the government.
    HeadOfStateAndGovernment,
    /// Foreign minister, secretary of state.
    ForeignMinister,
    /// Deputy foreign minister.
    DeputyForeignMinister,
    /// Spokesperson.
    Spokesperson,
    /// Special envoy.
    Envoy,
    /// Ambassador.
    Ambassador,
    /// Anything else.
    Other,
}

impl OfficeRole {
    /// Whether an office of role `other` is the counterpart of an office of this role.
    pub fn is_counterpart_of(self, other: OfficeRole) -> bool {
        use OfficeRole::*;
        let leader = |r| matches!(r, HeadOfState | HeadOfStateAndGovernment);
        self == other || (leader(self) && leader(other))
    }
}

/// How an alias is written, which decides how it may match (see `data/README.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AliasForm {
    /// The name itself.
    Name,
    /// Another spelling or a short form.
    Variant,
    /// An adjective ("Russian", "russe").
    Adjective,
    /// A demonym ("Russians").
    Demonym,
    /// An abbreviation ("U.S.", "UN").
    Abbreviation,
    /// Not a name: a phrase that hides a shorter name inside it ("Chủ Nhật" hides "Nhật").
    Blocker,
}

/// What case an alias needs in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRule {
    /// Any case.
    Any,
    /// The first letter must be a capital.
    Capitalized,
    /// Exactly as written (acronyms).
    Exact,
}

impl CaseRule {
    /// The rule for an alias as written in the gazetteer.
    pub fn of(alias: &str) -> CaseRule {
        let letters: Vec<char> = alias.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            CaseRule::Exact
        } else if letters.first().is_some_and(|c| c.is_uppercase()) {
            CaseRule::Capitalized
        } else {
            CaseRule::Any
        }
    }

    /// Whether `found` (the original text of a match) satisfies the rule for `alias`.
    pub fn accepts(self, alias: &str, found: &str) -> bool {
        match self {
            CaseRule::Any => true,
            CaseRule::Capitalized => found
                .chars()
                .find(|c| c.is_alphabetic())
                .is_some_and(char::is_uppercase),
            CaseRule::Exact => alias == found,
        }
    }
}

/// One entity.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Id such as `state:RUS`.
    pub id: String,
    /// Canonical English label.
    pub label: String,
    /// Kind.
    pub kind: EntityKind,
    /// Wikidata id, when known.
    pub qid: Option<String>,
    /// ISO 3166 alpha-3 code (states).
    pub iso3: Option<String>,
    /// The state a person serves or a place lies in.
    pub state: Option<EntityId>,
    /// The state a capital or seat of power stands for.
    pub metonym_of: Option<EntityId>,
    /// Sub-kind: `member`/`observer`/`partially_recognised` for states, `city`/`capital`/`seat`/… for places,
    /// `organisation`/`group` for organisations.
    pub subkind: String,
}

/// A term of office.
#[derive(Debug, Clone)]
pub struct Office {
    /// The person.
    pub person: EntityId,
    /// The state (or organisation) the office belongs to.
    pub state: EntityId,
    /// Readable title.
    pub title: String,
    /// Role.
    pub role: OfficeRole,
    /// First day (or month, year).
    pub start: PartialDate,
    /// Last day; `None` while in office.
    pub end: Option<PartialDate>,
}

impl Office {
    /// Whether the term includes `date`.
    pub fn covers(&self, date: Date) -> bool {
        self.start.first_day() <= date && self.end.is_none_or(|e| date <= e.last_day())
    }

    /// Whether this term and `other` overlap in time.
    pub fn overlaps(&self, other: &Office) -> bool {
        let end = |o: &Office| {
            o.end
                .map(|e| e.last_day())
                .unwrap_or(Date::new(9999, 12, 31).expect("valid"))
        };
        self.start.first_day() <= end(other) && other.start.first_day() <= end(self)
    }
}

/// What the gazetteer knows about a named agreement.
#[derive(Debug, Clone)]
pub struct AgreementFacts {
    /// The agreement entity.
    pub entity: EntityId,
    /// Year it was made.
    pub year: Option<i32>,
    /// Date it was made, when known to the day or month.
    pub date: Option<PartialDate>,
    /// Parties (states, organisations, groups).
    pub parties: Vec<EntityId>,
    /// Where it was signed.
    pub signed_at: Option<EntityId>,
    /// Places it is about.
    pub places: Vec<EntityId>,
}

/// One name of an entity.
#[derive(Debug, Clone)]
pub struct Alias {
    /// The name as written (NFC).
    pub text: String,
    /// The entity (none for blockers).
    pub entity: Option<EntityId>,
    /// Language code or `*`.
    pub lang: String,
    /// How it is used.
    pub form: AliasForm,
    /// What case it needs.
    pub case: CaseRule,
}

/// The loaded gazetteer.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Every entity.
    pub entities: Vec<Entity>,
    /// Every alias.
    pub aliases: Vec<Alias>,
    /// Terms of office.
    pub offices: Vec<Office>,
    /// Facts about named agreements.
    pub agreements: Vec<AgreementFacts>,
    by_id: HashMap<String, EntityId>,
}

#[derive(Deserialize)]
struct StateRow {
    id: String,
    iso3: String,
    #[allow(dead_code)]
    iso2: String,
    qid: String,
    label: String,
    status: String,
}

#[derive(Deserialize)]
struct PersonRow {
    id: String,
    label: String,
    state: String,
    qid: String,
}

#[derive(Deserialize)]
struct OfficeRow {
    person: String,
    state: String,
    office: String,
    role: OfficeRole,
    start: String,
    end: String,
}

#[derive(Deserialize)]
struct OrganisationRow {
    id: String,
    label: String,
    kind: String,
    qid: String,
}

#[derive(Deserialize)]
struct PlaceRow {
    id: String,
    label: String,
    kind: String,
    state: String,
    metonym_of: String,
    qid: String,
}

#[derive(Deserialize)]
struct AgreementRow {
    id: String,
    label: String,
    year: String,
    date: String,
    parties: String,
    signed_at: String,
    places: String,
    qid: String,
}

#[derive(Deserialize)]
struct AliasRow {
    entity: String,
    lang: String,
    alias: String,
    form: AliasForm,
}

fn rows<T: for<'de> Deserialize<'de>>(file: &DataFile) -> Result<Vec<(usize, T)>> {
    // Fields are trimmed, but only records that need it are rebuilt: trimming every record
    // was a third of the instructions of a question (`ask` loads the gazetteer each time).
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::Headers)
        .from_reader(file.text.as_bytes());
    let headers = reader
        .byte_headers()
        .with_context(|| format!("{}: header row", file.path))?
        .clone();
    let padded = |f: &[u8]| {
        f.first().is_some_and(u8::is_ascii_whitespace)
            || f.last().is_some_and(u8::is_ascii_whitespace)
    };
    let mut record = csv::ByteRecord::new();
    let mut out = Vec::new();
    let mut line = 1;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .with_context(|| format!("{}: row {}", file.path, line + 1))?;
        if !more {
            break;
        }
        line += 1;
        if record.iter().any(padded) {
            record.trim();
        }
        let row: T = record
            .deserialize(Some(&headers))
            .with_context(|| format!("{}: row {line}", file.path))?;
        out.push((line, row));
    }
    Ok(out)
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

impl Gazetteer {
    /// Loads every gazetteer file from `source`.
    pub fn load(source: &DataSource) -> Result<Gazetteer> {
        let files = source.files(Folder::Gazetteer, ".csv")?;
        let file = |name: &str| files.iter().find(|f| f.name == name);
        let mut g = Gazetteer::default();
        let mut pending_state: Vec<(EntityId, String, String)> = Vec::new();
        let mut pending_metonym: Vec<(EntityId, String, String)> = Vec::new();

        if let Some(f) = file("states.csv") {
            for (_, r) in rows::<StateRow>(f)? {
                g.add(&f.path, r.id, r.label, EntityKind::State, r.qid, r.status)?
                    .iso3 = Some(r.iso3);
            }
        }
        if let Some(f) = file("organisations.csv") {
            for (line, r) in rows::<OrganisationRow>(f)? {
                let kind = match r.kind.as_str() {
                    "organisation" => EntityKind::Organisation,
                    "group" => EntityKind::Group,
                    k => bail!("{}: row {line}: unknown kind '{k}'", f.path),
                };
                g.add(&f.path, r.id, r.label, kind, r.qid, r.kind)?;
            }
        }
        if let Some(f) = file("people.csv") {
            for (_, r) in rows::<PersonRow>(f)? {
                let e = g.add(
                    &f.path,
                    r.id,
                    r.label,
                    EntityKind::Person,
                    r.qid,
                    String::new(),
                )?;
                let _ = e;
                let idx = g.entities.len() - 1;
                if let Some(s) = opt(&r.state) {
                    pending_state.push((idx, s, f.path.clone()));
                }
            }
        }
        if let Some(f) = file("places.csv") {
            for (_, r) in rows::<PlaceRow>(f)? {
                g.add(&f.path, r.id, r.label, EntityKind::Place, r.qid, r.kind)?;
                let idx = g.entities.len() - 1;
                if let Some(s) = opt(&r.state) {
                    pending_state.push((idx, s, f.path.clone()));
                }
                if let Some(m) = opt(&r.metonym_of) {
                    pending_metonym.push((idx, m, f.path.clone()));
                }
            }
        }
        let mut agreement_rows = Vec::new();
        if let Some(f) = file("agreements.csv") {
            for (line, r) in rows::<AgreementRow>(f)? {
                g.add(
                    &f.path,
                    r.id.clone(),
                    r.label.clone(),
                    EntityKind::Agreement,
                    r.qid.clone(),
                    String::new(),
                )?;
                agreement_rows.push((g.entities.len() - 1, line, r, f.path.clone()));
            }
        }
        for (idx, state, path) in pending_state {
            g.entities[idx].state = Some(g.resolve(&path, &state)?);
        }
        for (idx, state, path) in pending_metonym {
            g.entities[idx].metonym_of = Some(g.resolve(&path, &state)?);
        }
        for (entity, line, r, path) in agreement_rows {
            let list = |cell: &str| -> Result<Vec<EntityId>> {
                cell.split('|')
                    .filter(|s| !s.trim().is_empty())
                    .map(|s| g.resolve(&path, s.trim()))
                    .collect()
            };
            let date = match opt(&r.date) {
                Some(d) => Some(
                    PartialDate::parse(&d)
                        .ok_or_else(|| anyhow!("{path}: row {line}: bad date '{d}'"))?,
                ),
                None => None,
            };
            let year = match opt(&r.year) {
                Some(y) => Some(
                    y.parse()
                        .map_err(|_| anyhow!("{path}: row {line}: bad year '{y}'"))?,
                ),
                None => date.map(|d| d.year),
            };
            let facts = AgreementFacts {
                entity,
                year,
                date,
                parties: list(&r.parties)?,
                signed_at: match opt(&r.signed_at) {
                    Some(p) => Some(g.resolve(&path, &p)?),
                    None => None,
                },
                places: list(&r.places)?,
            };
            g.agreements.push(facts);
        }
        if let Some(f) = file("offices.csv") {
            for (line, r) in rows::<OfficeRow>(f)? {
                let bad = |what: &str, v: &str| anyhow!("{}: row {line}: bad {what} '{v}'", f.path);
                let office = Office {
                    person: g.resolve(&f.path, &r.person)?,
                    state: g.resolve(&f.path, &r.state)?,
                    title: r.office,
                    role: r.role,
                    start: PartialDate::parse(&r.start).ok_or_else(|| bad("start", &r.start))?,
                    end: match opt(&r.end) {
                        Some(e) => Some(PartialDate::parse(&e).ok_or_else(|| bad("end", &e))?),
                        None => None,
                    },
                };
                g.offices.push(office);
            }
        }
        for f in files
            .iter()
            .filter(|f| f.name.ends_with("_names.csv") || f.name.ends_with("_aliases.csv"))
        {
            for (line, r) in rows::<AliasRow>(f)? {
                let entity = match (r.form, opt(&r.entity)) {
                    (AliasForm::Blocker, None) => None,
                    (_, Some(id)) => Some(g.resolve(&f.path, &id)?),
                    (_, None) => bail!("{}: row {line}: alias without entity", f.path),
                };
                let text = nfc(r.alias.trim());
                if text.is_empty() {
                    bail!("{}: row {line}: empty alias", f.path);
                }
                g.aliases.push(Alias {
                    case: CaseRule::of(&text),
                    text,
                    entity,
                    lang: r.lang,
                    form: r.form,
                });
            }
        }
        // Every entity is known by its label, in every language.
        let named: std::collections::HashSet<EntityId> =
            g.aliases.iter().filter_map(|a| a.entity).collect();
        for (i, e) in g.entities.iter().enumerate() {
            if e.kind == EntityKind::Agreement || named.contains(&i) {
                continue;
            }
            g.aliases.push(Alias {
                text: nfc(&e.label),
                entity: Some(i),
                lang: "*".into(),
                form: AliasForm::Name,
                case: CaseRule::of(&e.label),
            });
        }
        Ok(g)
    }

    fn add(
        &mut self,
        path: &str,
        id: String,
        label: String,
        kind: EntityKind,
        qid: String,
        subkind: String,
    ) -> Result<&mut Entity> {
        let id = id.trim().to_string();
        if EntityKind::from_id(&id) != Some(kind) {
            bail!("{path}: id '{id}' does not name a {kind}");
        }
        if self.by_id.contains_key(&id) {
            bail!("{path}: duplicate id '{id}'");
        }
        self.by_id.insert(id.clone(), self.entities.len());
        self.entities.push(Entity {
            id,
            label: nfc(label.trim()),
            kind,
            qid: opt(&qid),
            iso3: None,
            state: None,
            metonym_of: None,
            subkind,
        });
        Ok(self.entities.last_mut().expect("just pushed"))
    }

    fn resolve(&self, path: &str, id: &str) -> Result<EntityId> {
        self.by_id
            .get(id.trim())
            .copied()
            .ok_or_else(|| anyhow!("{path}: unknown entity '{}'", id.trim()))
    }

    /// The sides of an event: states for persons with a state (listed or recognised in the
    /// text), other actors as themselves; sorted, without repeats.
    pub fn sides_of(&self, e: &crate::model::Event) -> Vec<String> {
        let mut out: std::collections::BTreeSet<String> = Default::default();
        for p in &e.participants {
            out.insert(self.side_of(p));
        }
        out.into_iter().collect()
    }

    /// The side a participant stands for: its state for a person that serves one, else
    /// itself.
    pub fn side_of(&self, p: &crate::model::Participant) -> String {
        match self.get(&p.id) {
            Some(i) if self.entity(i).kind == EntityKind::Person => self
                .entity(i)
                .state
                .map(|s| self.entity(s).id.clone())
                .unwrap_or_else(|| p.id.clone()),
            // A person recognised in the text stands for the state it serves.
            None => p.state.clone().unwrap_or_else(|| p.id.clone()),
            _ => p.id.clone(),
        }
    }

    /// The entity with this id.
    pub fn get(&self, id: &str) -> Option<EntityId> {
        self.by_id.get(id).copied()
    }

    /// The entity at `index`.
    pub fn entity(&self, index: EntityId) -> &Entity {
        &self.entities[index]
    }

    /// The facts about agreement entity `index`, if it is a gazetteer agreement.
    pub fn agreement_facts(&self, index: EntityId) -> Option<&AgreementFacts> {
        self.agreements.iter().find(|a| a.entity == index)
    }

    /// Terms of office of `person`.
    pub fn offices_of(&self, person: EntityId) -> impl Iterator<Item = &Office> {
        self.offices.iter().filter(move |o| o.person == person)
    }

    /// Entities whose id, label or alias is like `name` (folded), best first, for
    /// "did you mean" suggestions and name look-ups.
    pub fn lookup(&self, name: &str) -> Vec<EntityId> {
        let key = fold(name);
        let mut out: Vec<EntityId> = Vec::new();
        // Ids in any case: "state:rus" is state:RUS.
        let id = name.trim();
        let upper_key = id
            .split_once(':')
            .map(|(kind, key)| format!("{}:{}", kind.to_lowercase(), key.to_uppercase()));
        let lower = id.to_lowercase();
        for candidate in [Some(id), upper_key.as_deref(), Some(lower.as_str())]
            .into_iter()
            .flatten()
        {
            if let Some(&i) = self.by_id.get(candidate)
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
        for a in &self.aliases {
            if let Some(e) = a.entity
                && fold(&a.text) == key
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> DataFile {
        DataFile {
            path: "data/gazetteer/people.csv".into(),
            name: "people.csv".into(),
            text: text.into(),
        }
    }

    #[test]
    fn rows_trim_padded_fields_and_number_rows_after_comments() {
        let people = rows::<PersonRow>(&file(
            " id , label,state,qid\n# a comment\nperson:a, Ada Lovelace ,state:GBR,Q7259\nperson:b,\"Foreign, Minister\",state:FRA,\n",
        ))
        .unwrap();
        assert_eq!(people.len(), 2);
        assert_eq!(people[0].1.id, "person:a");
        assert_eq!(people[0].1.label, "Ada Lovelace");
        assert_eq!(people[1].1.label, "Foreign, Minister");
        assert_eq!(people[1].1.qid, "");
        let Err(err) = rows::<PersonRow>(&file("id,label,state,qid\nperson:a,A\n")) else {
            panic!("a short row is an error");
        };
        assert!(format!("{err:#}").contains("people.csv: row 2"), "{err:#}");
    }
}
