//! A deterministic, realistic benchmark corpus (`diplograph bench-corpus`).
//!
//! Documents of 5-40 sentences in English, Vietnamese and French (about 50/30/20%), built from
//! the gazetteer (states, people with their offices, places, agreements with their year) and
//! the sentence patterns news about diplomacy uses: agreements signed or reached, talks that
//! succeed, fail or go on, meetings, phone calls, visits, accusations, ceasefires, military
//! operations, joint statements, sentences with actors and no event, long sentences with
//! clauses, quotes, and dates in each language's forms. Each document starts with a headline
//! (a line without final punctuation, which diplograph reads as a sentence of its own).
//!
//! The same sentence count and seed give byte-identical files: the only randomness is a
//! self-contained splitmix64 generator, and the gazetteer is read in file order. Every
//! template is one sentence as diplograph segments it, so the corpus holds exactly the number
//! of sentences asked for. Files are written as they are made (memory stays bounded whatever
//! the size), at most 1000 per subfolder, each subfolder with its `manifest.csv`
//! (`doc,file,lang,date`), since a manifest describes the files of its own directory.
//! These templates are generator code, not extraction rules.

use crate::calendar::Date;
use crate::gazetteer::{AliasForm, EntityId, Gazetteer, OfficeRole};
use crate::model::EntityKind;
use anyhow::{Context, Result, bail};
use std::fmt;
use std::io::Write;
use std::path::Path;

/// Files per subfolder.
pub const FILES_PER_FOLDER: usize = 1000;

/// The marker file written last, naming the size and seed of a complete corpus.
pub const MARKER: &str = ".bench-corpus";

/// What a generation wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusReport {
    /// Documents written.
    pub documents: usize,
    /// Sentences written (as diplograph segments them).
    pub sentences: usize,
    /// Bytes of text written (documents only).
    pub bytes: u64,
    /// Documents per language: en, vi, fr.
    pub documents_by_lang: [usize; 3],
    /// Sentences per language: en, vi, fr.
    pub sentences_by_lang: [usize; 3],
}

impl fmt::Display for CorpusReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [en, vi, fr] = self.sentences_by_lang;
        write!(
            f,
            "documents: {}, sentences: {} (en {en}, vi {vi}, fr {fr}), bytes: {}",
            self.documents, self.sentences, self.bytes
        )
    }
}

/// splitmix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En = 0,
    Vi = 1,
    Fr = 2,
}

impl Lang {
    fn code(self) -> &'static str {
        ["en", "vi", "fr"][self as usize]
    }
}

/// Names of an entity in en, vi, fr.
type Names = [String; 3];

struct State {
    /// Bare names ("Russia", "Nga", "Russie").
    name: Names,
    /// With the article a sentence needs ("the United States", "la Russie").
    noun: Names,
    /// Adjectives ("Russian", "", "russe"), empty when unknown.
    adj: Names,
    /// Index in `places` of its capital.
    capital: Option<usize>,
}

struct Place {
    name: Names,
    /// A city or capital (French "à X" reads well).
    city: bool,
}

struct Term {
    state: usize,
    role: OfficeRole,
    title: String,
    start: i64,
    end: i64,
}

struct Person {
    name: Names,
    terms: Vec<Term>,
}

struct Agreement {
    /// With the article a sentence needs ("the Sochi agreement", "l'accord de Sotchi").
    noun: Names,
    year: Option<i32>,
    parties: Vec<usize>,
    signed_at: Option<usize>,
}

/// The gazetteer, reduced to what the templates need.
struct World {
    states: Vec<State>,
    /// States with people in the gazetteer: the actors news is mostly about.
    major: Vec<usize>,
    places: Vec<Place>,
    cities: Vec<usize>,
    people: Vec<Person>,
    agreements: Vec<Agreement>,
}

fn alias_names(g: &Gazetteer) -> Vec<Vec<usize>> {
    let mut by_entity = vec![Vec::new(); g.entities.len()];
    for (i, a) in g.aliases.iter().enumerate() {
        if let Some(e) = a.entity {
            by_entity[e].push(i);
        }
    }
    by_entity
}

/// The name of an entity in a language: its name there, else a variant there (of two words
/// or more for people), else its name in any language, else its English name, else the label.
fn name_in(g: &Gazetteer, aliases: &[usize], entity: EntityId, lang: Lang, person: bool) -> String {
    let usable = |i: &&usize| {
        let a = &g.aliases[**i];
        !a.text.contains(['.', '(']) && matches!(a.form, AliasForm::Name | AliasForm::Variant)
    };
    let find = |l: &str, form: AliasForm, multiword: bool| {
        aliases
            .iter()
            .filter(usable)
            .map(|i| &g.aliases[*i])
            .find(|a| a.lang == l && a.form == form && (!multiword || a.text.contains(' ')))
            .map(|a| a.text.clone())
    };
    let code = lang.code();
    let (first, second) = if person {
        (
            find(code, AliasForm::Variant, true),
            find(code, AliasForm::Name, false),
        )
    } else {
        (find(code, AliasForm::Name, false), None)
    };
    first
        .or(second)
        .or_else(|| find("*", AliasForm::Name, false))
        .or_else(|| find("en", AliasForm::Name, false))
        .unwrap_or_else(|| g.entity(entity).label.clone())
}

fn adjective_in(g: &Gazetteer, aliases: &[usize], lang: Lang) -> String {
    aliases
        .iter()
        .map(|i| &g.aliases[*i])
        .find(|a| a.lang == lang.code() && a.form == AliasForm::Adjective && !a.text.contains('.'))
        .map(|a| a.text.clone())
        .unwrap_or_default()
}

fn starts_with_vowel(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| "AEIOUYHÉÈÊÎÏÔÂaeiouyhéèêîïôâ".contains(c))
}

fn en_state_noun(name: &str) -> String {
    const PLURAL: [&str; 8] = [
        "Netherlands",
        "Philippines",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Seychelles",
        "Gambia",
        "Holy See",
    ];
    if name.starts_with("United ")
        || name.contains("Republic")
        || name.ends_with("Islands")
        || PLURAL.contains(&name)
    {
        format!("the {name}")
    } else {
        name.to_string()
    }
}

fn fr_state_noun(name: &str) -> String {
    const BARE: [&str; 16] = [
        "Israël",
        "Cuba",
        "Singapour",
        "Malte",
        "Chypre",
        "Madagascar",
        "Monaco",
        "Bahreïn",
        "Oman",
        "Haïti",
        "Maurice",
        "Djibouti",
        "Brunei",
        "Nauru",
        "Tuvalu",
        "Kiribati",
    ];
    const MASCULINE_E: [&str; 6] = [
        "Mexique",
        "Cambodge",
        "Mozambique",
        "Zimbabwe",
        "Belize",
        "Suriname",
    ];
    let plural = (name.ends_with('s') && (name.contains(['-', ' ']) || name.ends_with("ines")))
        || name.starts_with("Émirats")
        || name.starts_with("Îles");
    if BARE.contains(&name) || name.starts_with("Saint") || name.starts_with("Sao") {
        name.to_string()
    } else if plural {
        format!("les {name}")
    } else if starts_with_vowel(name) {
        format!("l'{name}")
    } else if name.split(' ').next().is_some_and(|w| w.ends_with('e'))
        && !MASCULINE_E.contains(&name)
    {
        format!("la {name}")
    } else {
        format!("le {name}")
    }
}

fn fr_agreement_noun(name: &str) -> String {
    let first = name.split(' ').next().unwrap_or("");
    if first.ends_with('s') && first != "processus" {
        format!("les {name}")
    } else if starts_with_vowel(name) {
        format!("l'{name}")
    } else if first.ends_with('e') && !["protocole", "mémorandum"].contains(&first) {
        format!("la {name}")
    } else {
        format!("le {name}")
    }
}

fn en_agreement_noun(name: &str) -> String {
    let lower_start = name.chars().next().is_some_and(char::is_lowercase);
    if name.starts_with("the ") || name.starts_with("The ") || lower_start || !name.contains(' ') {
        name.to_string()
    } else {
        format!("the {name}")
    }
}

impl World {
    fn new(g: &Gazetteer) -> Result<World> {
        let aliases = alias_names(g);
        let mut state_index = vec![usize::MAX; g.entities.len()];
        let mut place_index = vec![usize::MAX; g.entities.len()];
        let mut states = Vec::new();
        let mut places = Vec::new();
        let mut cities = Vec::new();
        for (e, entity) in g.entities.iter().enumerate() {
            match entity.kind {
                EntityKind::State if entity.subkind == "member" => {
                    let name: Names = [Lang::En, Lang::Vi, Lang::Fr]
                        .map(|l| name_in(g, &aliases[e], e, l, false));
                    let noun = [
                        en_state_noun(&name[0]),
                        name[1].clone(),
                        fr_state_noun(&name[2]),
                    ];
                    let adj =
                        [Lang::En, Lang::Vi, Lang::Fr].map(|l| adjective_in(g, &aliases[e], l));
                    state_index[e] = states.len();
                    states.push(State {
                        name,
                        noun,
                        adj,
                        capital: None,
                    });
                }
                EntityKind::Place => {
                    let name = [Lang::En, Lang::Vi, Lang::Fr]
                        .map(|l| name_in(g, &aliases[e], e, l, false));
                    let city = matches!(entity.subkind.as_str(), "capital" | "city");
                    place_index[e] = places.len();
                    if city {
                        cities.push(places.len());
                    }
                    places.push(Place { name, city });
                }
                _ => {}
            }
        }
        for (e, entity) in g.entities.iter().enumerate() {
            if entity.kind != EntityKind::Place || entity.subkind != "capital" {
                continue;
            }
            if let Some(s) = entity.metonym_of.or(entity.state)
                && state_index[s] != usize::MAX
                && states[state_index[s]].capital.is_none()
            {
                states[state_index[s]].capital = Some(place_index[e]);
            }
        }
        let mut person_index = vec![usize::MAX; g.entities.len()];
        let mut people: Vec<Person> = Vec::new();
        for office in &g.offices {
            let s = state_index[office.state];
            if s == usize::MAX {
                continue;
            }
            if person_index[office.person] == usize::MAX {
                person_index[office.person] = people.len();
                let p = office.person;
                people.push(Person {
                    name: [Lang::En, Lang::Vi, Lang::Fr]
                        .map(|l| name_in(g, &aliases[p], p, l, true)),
                    terms: Vec::new(),
                });
            }
            people[person_index[office.person]].terms.push(Term {
                state: s,
                role: office.role,
                title: office.title.clone(),
                start: office.start.first_day().to_days(),
                end: office
                    .end
                    .map(|d| d.last_day().to_days())
                    .unwrap_or(i64::MAX),
            });
        }
        let mut is_major = vec![false; states.len()];
        for p in &people {
            for t in &p.terms {
                is_major[t.state] = true;
            }
        }
        let major: Vec<usize> = (0..states.len()).filter(|&s| is_major[s]).collect();
        let mut agreements = Vec::new();
        for facts in &g.agreements {
            let e = facts.entity;
            let name = [Lang::En, Lang::Vi, Lang::Fr].map(|l| name_in(g, &aliases[e], e, l, false));
            let parties: Vec<usize> = facts
                .parties
                .iter()
                .map(|p| state_index[*p])
                .filter(|&s| s != usize::MAX)
                .collect();
            agreements.push(Agreement {
                noun: [
                    en_agreement_noun(&name[0]),
                    name[1].clone(),
                    fr_agreement_noun(&name[2]),
                ],
                year: facts.year,
                parties,
                signed_at: facts
                    .signed_at
                    .map(|p| place_index[p])
                    .filter(|&p| p != usize::MAX && places[p].city),
            });
        }
        if states.len() < 3 || cities.is_empty() || people.len() < 2 || agreements.is_empty() {
            bail!("the gazetteer is too small for a benchmark corpus");
        }
        Ok(World {
            states,
            major,
            places,
            cities,
            people,
            agreements,
        })
    }
}

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const EN_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const VI_DAYS: [&str; 7] = [
    "thứ Hai",
    "thứ Ba",
    "thứ Tư",
    "thứ Năm",
    "thứ Sáu",
    "thứ Bảy",
    "Chủ nhật",
];
const FR_DAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

const EN_TOPICS: [&str; 8] = [
    "trade",
    "energy security",
    "the nuclear programme",
    "border security",
    "a prisoner exchange",
    "grain exports",
    "sanctions relief",
    "regional security",
];
const VI_TOPICS: [&str; 8] = [
    "thương mại",
    "an ninh năng lượng",
    "chương trình hạt nhân",
    "an ninh biên giới",
    "việc trao đổi tù binh",
    "xuất khẩu ngũ cốc",
    "việc dỡ bỏ trừng phạt",
    "an ninh khu vực",
];
const FR_TOPICS: [&str; 8] = [
    "le commerce",
    "la sécurité énergétique",
    "le programme nucléaire",
    "la sécurité des frontières",
    "un échange de prisonniers",
    "les exportations de céréales",
    "la levée des sanctions",
    "la sécurité régionale",
];

/// What one sentence is about: the actors, place and date it may mention.
struct Scene<'w> {
    w: &'w World,
    lang: Lang,
    /// Publication date, in days.
    published: i64,
    a: usize,
    b: usize,
    c: usize,
    /// Two people of different states in office at the date, when there are.
    p: Option<(usize, usize)>,
    q: Option<(usize, usize)>,
    city: usize,
    place: usize,
    agreement: usize,
    event_day: Date,
}

impl Scene<'_> {
    fn st(&self, s: usize) -> &str {
        &self.w.states[s].noun[self.lang as usize]
    }
    fn a(&self) -> &str {
        self.st(self.a)
    }
    fn b(&self) -> &str {
        self.st(self.b)
    }
    fn c(&self) -> &str {
        self.st(self.c)
    }
    /// The capital of a state standing for it ("Moscow"), or the state.
    fn seat(&self, s: usize) -> &str {
        match self.w.states[s].capital {
            Some(c) => &self.w.places[c].name[self.lang as usize],
            None => self.st(s),
        }
    }
    fn city(&self) -> &str {
        &self.w.places[self.city].name[self.lang as usize]
    }
    fn place(&self) -> &str {
        let p = if self.lang == Lang::Fr {
            self.city
        } else {
            self.place
        };
        &self.w.places[p].name[self.lang as usize]
    }
    fn ag(&self) -> &str {
        &self.w.agreements[self.agreement].noun[self.lang as usize]
    }
    fn topic(&self, rng: &mut Rng) -> String {
        if rng.chance(30) {
            return match self.lang {
                Lang::En => format!("the situation in {}", self.place()),
                Lang::Vi => format!("tình hình ở {}", self.place()),
                Lang::Fr => format!("la situation à {}", self.city()),
            };
        }
        match self.lang {
            Lang::En => rng.pick(&EN_TOPICS),
            Lang::Vi => rng.pick(&VI_TOPICS),
            Lang::Fr => rng.pick(&FR_TOPICS),
        }
        .to_string()
    }

    /// A person with title, state and name ("Russian President Vladimir Putin").
    fn person(&self, who: (usize, usize), rng: &mut Rng) -> String {
        let person = &self.w.people[who.0];
        let term = &person.terms[who.1];
        let name = &person.name[self.lang as usize];
        let state = &self.w.states[term.state];
        let l = self.lang as usize;
        if rng.chance(15) {
            return name.clone();
        }
        let t = term.title.as_str();
        let king = t.contains("King") || t.contains("Emir") || t.contains("Sultan");
        match self.lang {
            Lang::En => {
                let title = match term.role {
                    _ if king => t.split(' ').next().unwrap_or("King"),
                    OfficeRole::HeadOfState | OfficeRole::HeadOfStateAndGovernment => "President",
                    OfficeRole::HeadOfGovernment if t.contains("Chancellor") => "Chancellor",
                    OfficeRole::HeadOfGovernment => "Prime Minister",
                    OfficeRole::ForeignMinister => "Foreign Minister",
                    OfficeRole::DeputyForeignMinister => "Deputy Foreign Minister",
                    OfficeRole::Spokesperson => "government spokesperson",
                    OfficeRole::Envoy => "special envoy",
                    OfficeRole::Ambassador => "Ambassador",
                    OfficeRole::Other => return name.clone(),
                };
                if state.adj[l].is_empty() {
                    format!("{title} {name}")
                } else {
                    format!("{} {title} {name}", state.adj[l])
                }
            }
            Lang::Vi => {
                let title = match term.role {
                    _ if king => "Quốc vương",
                    OfficeRole::HeadOfState | OfficeRole::HeadOfStateAndGovernment => "Tổng thống",
                    OfficeRole::HeadOfGovernment => "Thủ tướng",
                    OfficeRole::ForeignMinister => "Ngoại trưởng",
                    OfficeRole::DeputyForeignMinister => "Thứ trưởng Ngoại giao",
                    OfficeRole::Spokesperson => "Người phát ngôn chính phủ",
                    OfficeRole::Envoy => "Đặc phái viên",
                    OfficeRole::Ambassador => "Đại sứ",
                    OfficeRole::Other => return name.clone(),
                };
                format!("{title} {} {name}", state.name[l])
            }
            Lang::Fr => {
                let title = match term.role {
                    _ if king => "le roi",
                    OfficeRole::HeadOfState | OfficeRole::HeadOfStateAndGovernment => {
                        "le président"
                    }
                    OfficeRole::HeadOfGovernment => "le Premier ministre",
                    OfficeRole::ForeignMinister => "le chef de la diplomatie",
                    OfficeRole::DeputyForeignMinister => "le vice-ministre des Affaires étrangères",
                    OfficeRole::Spokesperson => "le porte-parole du gouvernement",
                    OfficeRole::Envoy => "l'émissaire",
                    OfficeRole::Ambassador => "l'ambassadeur",
                    OfficeRole::Other => return name.clone(),
                };
                if state.adj[l].is_empty() {
                    name.clone()
                } else {
                    format!("{title} {} {name}", state.adj[l])
                }
            }
        }
    }

    /// A date phrase for the event, in one of the forms the language uses (may be empty).
    fn date(&self, rng: &mut Rng) -> String {
        let d = self.event_day;
        let wd = (d.weekday() - 1) as usize;
        let (m, day, y) = (d.month as usize, d.day, d.year);
        match self.lang {
            Lang::En => match rng.below(6) {
                0 | 1 => format!(" on {}", EN_DAYS[wd]),
                2 => format!(" on {} {day}", EN_MONTHS[m - 1]),
                3 => format!(" on {} {day}, {y}", EN_MONTHS[m - 1]),
                4 => " last week".to_string(),
                _ => String::new(),
            },
            Lang::Vi => match rng.below(6) {
                0 => format!(" hôm {}", VI_DAYS[wd]),
                1 | 2 => format!(" ngày {day}/{m}"),
                3 => format!(" ngày {day}/{m}/{y}"),
                4 => format!(" hôm {day}/{m}"),
                _ => String::new(),
            },
            Lang::Fr => match rng.below(6) {
                0 | 1 => format!(" {}", FR_DAYS[wd]),
                2 => format!(" le {day} {}", FR_MONTHS[m - 1]),
                3 => format!(" le {day} {} {y}", FR_MONTHS[m - 1]),
                4 => format!(" {} {day} {}", FR_DAYS[wd], FR_MONTHS[m - 1]),
                _ => String::new(),
            },
        }
    }

    fn year(&self) -> i32 {
        let ag = &self.w.agreements[self.agreement];
        ag.year
            .unwrap_or_else(|| Date::from_days(self.published).year)
    }

    fn signed_place(&self) -> &str {
        match self.w.agreements[self.agreement].signed_at {
            Some(p) => &self.w.places[p].name[self.lang as usize],
            None => self.city(),
        }
    }
}

/// The kinds of sentence, with their share (per thousand) of a document's body.
const KINDS: [(Kind, usize); 14] = [
    (Kind::AgreementSigned, 60),
    (Kind::AgreementReached, 50),
    (Kind::TalksFailed, 55),
    (Kind::TalksOngoing, 50),
    (Kind::Meeting, 90),
    (Kind::PhoneCall, 60),
    (Kind::Visit, 60),
    (Kind::Accusation, 70),
    (Kind::Ceasefire, 45),
    (Kind::Military, 65),
    (Kind::Statement, 25),
    (Kind::NoEvent, 200),
    (Kind::Long, 80),
    (Kind::Quote, 90),
];

#[derive(Debug, Clone, Copy)]
enum Kind {
    AgreementSigned,
    AgreementReached,
    TalksFailed,
    TalksOngoing,
    Meeting,
    PhoneCall,
    Visit,
    Accusation,
    Ceasefire,
    Military,
    Statement,
    NoEvent,
    Long,
    Quote,
}

fn pick_kind(rng: &mut Rng) -> Kind {
    let total: usize = KINDS.iter().map(|k| k.1).sum();
    let mut n = rng.below(total);
    for (kind, share) in KINDS {
        if n < share {
            return kind;
        }
        n -= share;
    }
    Kind::NoEvent
}

/// Upper-cases the first letter (a sentence must start with one to be segmented).
fn capitalize(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_lowercase() => c.to_uppercase().chain(chars).collect(),
        _ => s,
    }
}

struct Generator<'w> {
    w: &'w World,
    rng: Rng,
}

impl<'w> Generator<'w> {
    fn state(&mut self) -> usize {
        if self.rng.chance(80) {
            *self.rng.pick(&self.w.major)
        } else {
            self.rng.below(self.w.states.len())
        }
    }

    /// A person in office on `day`, as (person, term).
    fn person_at(&mut self, day: i64, not_state: Option<usize>) -> Option<(usize, usize)> {
        for _ in 0..12 {
            let p = self.rng.below(self.w.people.len());
            let person = &self.w.people[p];
            if let Some(t) = person
                .terms
                .iter()
                .position(|t| t.start <= day && day <= t.end && Some(t.state) != not_state)
            {
                return Some((p, t));
            }
        }
        None
    }

    fn scene(&mut self, lang: Lang, published: i64) -> Scene<'w> {
        let a = self.state();
        let mut b = self.state();
        while b == a {
            b = self.rng.below(self.w.states.len());
        }
        let mut c = self.state();
        while c == a || c == b {
            c = self.rng.below(self.w.states.len());
        }
        let event_day = Date::from_days(published - self.rng.below(7) as i64);
        let day = event_day.to_days();
        let p = self.person_at(day, None);
        let q = p.and_then(|p| {
            let s = self.w.people[p.0].terms[p.1].state;
            self.person_at(day, Some(s))
        });
        let city = *self.rng.pick(&self.w.cities);
        let place = self.rng.below(self.w.places.len());
        let agreement = self.rng.below(self.w.agreements.len());
        let (mut a, mut b) = (a, b);
        let ag = &self.w.agreements[agreement];
        if ag.parties.len() >= 2 && self.rng.chance(70) {
            a = ag.parties[0];
            b = ag.parties[1];
            if c == a || c == b {
                c = *self.rng.pick(&self.w.major);
                if c == a || c == b {
                    c = (0..self.w.states.len())
                        .find(|&s| s != a && s != b)
                        .unwrap_or(c);
                }
            }
        }
        Scene {
            w: self.w,
            lang,
            published,
            a,
            b,
            c,
            p,
            q,
            city,
            place,
            agreement,
            event_day,
        }
    }

    fn headline(&mut self, s: &Scene) -> String {
        let r = &mut self.rng;
        let topic = s.topic(r);
        let t = match s.lang {
            Lang::En => match r.below(4) {
                0 => format!("{} and {} sign deal on {topic}", s.a(), s.b()),
                1 => format!(
                    "Talks between {} and {} end without agreement",
                    s.a(),
                    s.b()
                ),
                2 => format!("{} accuses {} of violating ceasefire", s.a(), s.b()),
                _ => format!(
                    "{} and {} to hold new round of talks in {}",
                    s.a(),
                    s.b(),
                    s.city()
                ),
            },
            Lang::Vi => match r.below(4) {
                0 => format!("{} và {} ký thỏa thuận về {topic}", s.a(), s.b()),
                1 => format!(
                    "Đàm phán {} - {} kết thúc mà không đạt được thỏa thuận",
                    s.a(),
                    s.b()
                ),
                2 => format!("{} cáo buộc {} vi phạm lệnh ngừng bắn", s.a(), s.b()),
                _ => format!(
                    "{} và {} sẽ đàm phán vòng mới tại {}",
                    s.a(),
                    s.b(),
                    s.city()
                ),
            },
            Lang::Fr => match r.below(4) {
                0 => format!("{} et {} signent un accord sur {topic}", s.a(), s.b()),
                1 => format!("Pas d'accord entre {} et {} à {}", s.a(), s.b(), s.city()),
                2 => format!("{} accuse {} de violer le cessez-le-feu", s.a(), s.b()),
                _ => format!("Nouveau cycle de pourparlers entre {} et {}", s.a(), s.b()),
            },
        };
        capitalize(t)
    }

    fn sentence(&mut self, s: &Scene) -> String {
        let kind = pick_kind(&mut self.rng);
        let r = &mut self.rng;
        let d = s.date(r);
        let topic = s.topic(r);
        let (a, b, c) = (s.a(), s.b(), s.c());
        let (city, place, ag) = (s.city(), s.place(), s.ag());
        let year = s.year();
        let signed = s.signed_place();
        let pp = s.p.map(|p| s.person(p, r));
        let qq = s.q.map(|q| s.person(q, r));
        // Two sides: two people when there are, else two states.
        let (x, y) = match (&pp, &qq) {
            (Some(p), Some(q)) if r.chance(50) => (p.clone(), q.clone()),
            _ => (a.to_string(), b.to_string()),
        };
        let one = pp.clone().unwrap_or_else(|| a.to_string());
        let (seat_a, seat_b) = (s.seat(s.a), s.seat(s.b));
        let v = r.below(4);
        let text = match (s.lang, kind) {
            (Lang::En, Kind::AgreementSigned) => match v {
                0 => format!("{a} and {b} signed {ag} in {signed} in {year}."),
                1 => format!("{x} and {y} signed an agreement on {topic} in {city}{d}."),
                2 => format!("{ag} between {a} and {b} was signed in {signed} in {year}."),
                _ => format!(
                    "{x} and {y} signed a memorandum of understanding on {topic}{d}, officials said."
                ),
            },
            (Lang::En, Kind::AgreementReached) => match v {
                0 => format!("{a} and {b} reached a deal on {topic} in {city}{d}."),
                1 => format!(
                    "{seat_a} and {seat_b} agreed{d} to set up a joint commission on {topic}."
                ),
                2 => {
                    format!("After two days of talks in {city}, {x} and {y} agreed to extend {ag}.")
                }
                _ => format!("{a} and {b} struck an agreement in {city}{d} to exchange prisoners."),
            },
            (Lang::En, Kind::TalksFailed) => match v {
                0 => format!(
                    "{a} and {b} failed to agree on {topic} after two days of talks in {city}."
                ),
                1 => format!("Talks between {a} and {b} in {city} ended{d} without agreement."),
                2 => format!("{x} and {y} failed{d} to reach an agreement on {topic}."),
                _ => format!(
                    "Negotiations between {seat_a} and {seat_b} on {topic} collapsed after three days."
                ),
            },
            (Lang::En, Kind::TalksOngoing) => match v {
                0 => format!("{a} and {b} are expected to resume talks in {city} next week."),
                1 => format!("{x} and {y} are still working out the details of {ag}."),
                2 => format!(
                    "Negotiators from {a} and {b} held a new round of talks on {topic} in {city}{d}."
                ),
                _ => format!("{x} held talks with {y} in {city}{d} on {topic}."),
            },
            (Lang::En, Kind::Meeting) => match v {
                0 => format!("{x} met {y} in {city}{d} to discuss {topic}."),
                1 => format!("{x} and {y} met in {city}{d}."),
                2 => format!("{x} hosted {y} in {seat_a}{d} for talks on {topic}."),
                _ => format!("{x} and {y} held a summit in {city}{d}."),
            },
            (Lang::En, Kind::PhoneCall) => match v {
                0 => format!("{x} and {y} spoke by phone{d} about {topic}."),
                1 => format!("{x} held a phone call with {y}{d}."),
                2 => format!("In a telephone call with {y}, {x} urged restraint."),
                _ => format!("{x} and {y} discussed {topic} in a telephone conversation{d}."),
            },
            (Lang::En, Kind::Visit) => match v {
                0 => format!("{one} visited {seat_b}{d} for talks on {topic}."),
                1 => format!("{one} arrived in {seat_b}{d} for a three-day state visit."),
                2 => format!("{one} travelled to {city}{d} on an official visit."),
                _ => format!("{one} led a delegation to {seat_b}{d}."),
            },
            (Lang::En, Kind::Accusation) => match v {
                0 => format!("{a} accused {b} of violating {ag}."),
                1 => format!("{seat_a} accused {seat_b}{d} of hypocrisy over {topic}."),
                2 => format!("{a} blamed {b} for the attack on {place}."),
                _ => format!(
                    "{b} has repeatedly violated the ceasefire in {place}, officials in {seat_a} said{d}."
                ),
            },
            (Lang::En, Kind::Ceasefire) => match v {
                0 => format!(
                    "{a} and {b} announced a ceasefire in {place} that took effect at midnight."
                ),
                1 => format!("{a} and {b} agreed to a humanitarian truce brokered by {c}."),
                2 => format!("A ceasefire between {a} and {b} took effect in {place}{d}."),
                _ => format!("{x} and {y} declared a ceasefire in {place}{d}."),
            },
            (Lang::En, Kind::Military) => match v {
                0 => format!("{a} launched a military operation against {b} in {place}{d}."),
                1 => format!("Airstrikes by {a} hit positions in {place} overnight."),
                2 => format!("{a} shelled border villages in {b}{d}."),
                _ => format!("Clashes between {a} and {b} broke out near {place}{d}."),
            },
            (Lang::En, Kind::Statement) => {
                format!("{a}, {b} and {c} issued a joint statement after the talks in {city}.")
            }
            (Lang::En, Kind::NoEvent) => match v {
                0 => format!(
                    "The economy of {a} grew by {} percent last year, according to official figures.",
                    r.range(1, 7)
                ),
                1 => format!(
                    "{place} has a population of about {} million people.",
                    r.range(1, 20)
                ),
                2 => format!("Analysts in {city} said relations between {a} and {b} remain tense."),
                _ => format!("The foreign ministry of {a} declined to comment on {topic}."),
            },
            (Lang::En, Kind::Long) => format!(
                "{one}, who has been in office for several years, told reporters in {city}{d} that {a} would continue to work closely with {b} on {topic}, adding that the two countries had also discussed trade, energy and security during a meeting which lasted more than three hours and which officials on both sides described as frank and constructive, although no breakthrough was reported on the most contentious questions."
            ),
            (Lang::En, Kind::Quote) => match v {
                0 => format!(
                    "\u{201C}We will not accept any violation of our sovereignty,\u{201D} {one} said{d}."
                ),
                1 => format!(
                    "\u{201C}The talks were frank and useful,\u{201D} {x} told reporters after meeting {y} in {city}."
                ),
                2 => format!(
                    "\u{201C}There is no alternative to dialogue,\u{201D} a spokesperson for {a} said in {city}."
                ),
                _ => format!(
                    "\u{201C}{} must respect its commitments,\u{201D} {one} said in a statement{d}.",
                    capitalize(b.to_string())
                ),
            },

            (Lang::Vi, Kind::AgreementSigned) => match v {
                0 => format!("{a} và {b} đã ký {ag} tại {signed} năm {year}."),
                1 => format!("{x} và {y} đã ký thỏa thuận về {topic} tại {city}{d}."),
                2 => format!(
                    "{} giữa {a} và {b} được ký kết tại {signed} năm {year}.",
                    capitalize(ag.to_string())
                ),
                _ => format!("{x} và {y}{d} đã ký kết bản ghi nhớ về {topic}."),
            },
            (Lang::Vi, Kind::AgreementReached) => match v {
                0 => format!("{a} và {b} đã đạt được thỏa thuận về {topic} tại {city}{d}."),
                1 => format!(
                    "{seat_a} và {seat_b}{d} đã nhất trí thành lập một ủy ban chung về {topic}."
                ),
                2 => {
                    format!("Sau hai ngày hội đàm tại {city}, {x} và {y} đã nhất trí gia hạn {ag}.")
                }
                _ => format!("{a} và {b}{d} đạt được thỏa thuận trao đổi tù binh tại {city}."),
            },
            (Lang::Vi, Kind::TalksFailed) => match v {
                0 => format!(
                    "{a} và {b} đã không đạt được thỏa thuận về {topic} sau hai ngày đàm phán tại {city}."
                ),
                1 => format!(
                    "Cuộc đàm phán giữa {a} và {b} tại {city} đã kết thúc{d} mà không đạt được thỏa thuận."
                ),
                2 => format!("{x} và {y}{d} đã không thể đạt được thỏa thuận về {topic}."),
                _ => format!(
                    "Các cuộc đàm phán giữa {seat_a} và {seat_b} về {topic} đã đổ vỡ sau ba ngày."
                ),
            },
            (Lang::Vi, Kind::TalksOngoing) => match v {
                0 => format!("{a} và {b} dự kiến sẽ nối lại đàm phán tại {city} vào tuần tới."),
                1 => format!("{x} và {y} dự kiến sẽ tiếp tục đàm phán về {topic}."),
                2 => format!(
                    "Các nhà đàm phán {a} và {b} đã tiến hành vòng đàm phán mới về {topic} tại {city}{d}."
                ),
                _ => format!("{x} đã hội đàm với {y} tại {city}{d} về {topic}."),
            },
            (Lang::Vi, Kind::Meeting) => match v {
                0 => format!("{x} đã gặp {y} tại {city}{d} để thảo luận về {topic}."),
                1 => format!("{x} và {y} đã gặp nhau tại {city}{d}."),
                2 => format!("{x} đã tiếp {y} tại {seat_a}{d}."),
                _ => format!("{x} và {y} đã tổ chức hội nghị thượng đỉnh tại {city}{d}."),
            },
            (Lang::Vi, Kind::PhoneCall) => match v {
                0 => format!("{x} và {y}{d} đã điện đàm về {topic}."),
                1 => format!("{x} đã có cuộc điện đàm với {y}{d}."),
                2 => format!("Trong cuộc điện đàm với {y}, {x} kêu gọi kiềm chế."),
                _ => format!("{x} và {y} đã thảo luận về {topic} qua điện thoại{d}."),
            },
            (Lang::Vi, Kind::Visit) => match v {
                0 => format!("{one} đã tới thăm {seat_b}{d} để hội đàm về {topic}."),
                1 => format!(
                    "{one}{d} đã tới {seat_b}, bắt đầu chuyến thăm cấp nhà nước kéo dài ba ngày."
                ),
                2 => format!("{one} đã có chuyến thăm chính thức tới {city}{d}."),
                _ => format!("{one} đã dẫn đầu phái đoàn tới {seat_b}{d}."),
            },
            (Lang::Vi, Kind::Accusation) => match v {
                0 => format!("{a} cáo buộc {b} vi phạm {ag}."),
                1 => format!("{seat_a}{d} chỉ trích {seat_b} đã làm leo thang căng thẳng."),
                2 => format!("{a} đổ lỗi cho {b} về vụ tấn công ở {place}."),
                _ => format!("{b} đã nhiều lần vi phạm lệnh ngừng bắn ở {place}."),
            },
            (Lang::Vi, Kind::Ceasefire) => match v {
                0 => format!(
                    "{a} và {b} tuyên bố lệnh ngừng bắn tại {place} có hiệu lực từ nửa đêm."
                ),
                1 => format!(
                    "{a} và {b} đã nhất trí một lệnh ngừng bắn nhân đạo do {c} làm trung gian."
                ),
                2 => format!("Lệnh ngừng bắn giữa {a} và {b} đã có hiệu lực tại {place}{d}."),
                _ => format!("{x} và {y} đã tuyên bố ngừng bắn ở {place}{d}."),
            },
            (Lang::Vi, Kind::Military) => match v {
                0 => format!("{a} đã mở chiến dịch quân sự nhằm vào {b} ở {place}{d}."),
                1 => format!(
                    "Các cuộc không kích của {a} đã nhằm vào các vị trí ở {place} trong đêm."
                ),
                2 => format!("{a} đã pháo kích các ngôi làng biên giới của {b}{d}."),
                _ => format!("Giao tranh giữa {a} và {b} đã nổ ra gần {place}{d}."),
            },
            (Lang::Vi, Kind::Statement) => {
                format!("{a}, {b} và {c} đã ra tuyên bố chung sau vòng đàm phán tại {city}.")
            }
            (Lang::Vi, Kind::NoEvent) => match v {
                0 => format!(
                    "Kinh tế {a} đã tăng trưởng {}% trong năm ngoái, theo số liệu chính thức.",
                    r.range(1, 7)
                ),
                1 => format!("{place} có dân số khoảng {} triệu người.", r.range(1, 20)),
                2 => format!(
                    "Các nhà phân tích tại {city} cho rằng quan hệ giữa {a} và {b} vẫn căng thẳng."
                ),
                _ => format!("Bộ Ngoại giao {a} từ chối bình luận về {topic}."),
            },
            (Lang::Vi, Kind::Long) => format!(
                "{one}{d} nói với các phóng viên tại {city} rằng {a} sẽ tiếp tục hợp tác chặt chẽ với {b} về {topic}, đồng thời cho biết hai nước cũng đã thảo luận về thương mại, năng lượng và an ninh trong một cuộc gặp kéo dài hơn ba giờ mà giới chức hai bên mô tả là thẳng thắn và mang tính xây dựng, mặc dù chưa có đột phá nào về những vấn đề gây tranh cãi nhất."
            ),
            (Lang::Vi, Kind::Quote) => match v {
                0 => format!(
                    "\u{201C}Chúng tôi sẽ không chấp nhận bất kỳ sự vi phạm chủ quyền nào,\u{201D} {one} nói{d}."
                ),
                1 => format!(
                    "\u{201C}Cuộc hội đàm diễn ra thẳng thắn và hữu ích,\u{201D} {x} nói với các phóng viên sau khi gặp {y} tại {city}."
                ),
                2 => format!(
                    "\u{201C}Không có giải pháp nào thay thế đối thoại,\u{201D} người phát ngôn của {a} nói tại {city}."
                ),
                _ => format!(
                    "\u{201C}{} phải tôn trọng các cam kết của mình,\u{201D} {one} cho biết trong một tuyên bố{d}.",
                    capitalize(b.to_string())
                ),
            },

            (Lang::Fr, Kind::AgreementSigned) => match v {
                0 => format!("{a} et {b} ont signé {ag} à {signed} en {year}."),
                1 => format!("{x} et {y} ont signé{d} un accord sur {topic} à {city}."),
                2 => format!(
                    "{} entre {a} et {b} a été signé à {signed} en {year}.",
                    capitalize(ag.to_string())
                ),
                _ => format!("{x} et {y} ont signé{d} un mémorandum d'entente sur {topic}."),
            },
            (Lang::Fr, Kind::AgreementReached) => match v {
                0 => format!("{a} et {b} sont parvenus à un accord sur {topic} à {city}{d}."),
                1 => format!(
                    "{seat_a} et {seat_b} sont convenus{d} de créer une commission mixte sur {topic}."
                ),
                2 => format!(
                    "Après deux jours de pourparlers à {city}, {x} et {y} ont conclu un accord sur {topic}."
                ),
                _ => format!(
                    "{a} et {b} ont trouvé{d} un accord à {city} pour échanger des prisonniers."
                ),
            },
            (Lang::Fr, Kind::TalksFailed) => match v {
                0 => format!(
                    "{a} et {b} se sont quittés à {city} sans parvenir à un accord sur {topic}."
                ),
                1 => format!(
                    "Les négociations entre {a} et {b} à {city} se sont achevées{d} sans accord."
                ),
                2 => format!("{x} et {y} ne sont pas parvenus{d} à un accord sur {topic}."),
                _ => format!(
                    "Les pourparlers entre {seat_a} et {seat_b} sur {topic} ont échoué au bout de trois jours."
                ),
            },
            (Lang::Fr, Kind::TalksOngoing) => match v {
                0 => format!(
                    "{a} et {b} doivent reprendre les discussions à {city} la semaine prochaine."
                ),
                1 => format!("{x} et {y} tentent de parvenir à un accord sur {topic}."),
                2 => format!(
                    "Les négociateurs de {seat_a} et de {seat_b} ont mené{d} un nouveau cycle de pourparlers à {city}."
                ),
                _ => format!("{x} a eu des entretiens avec {y} à {city}{d} sur {topic}."),
            },
            (Lang::Fr, Kind::Meeting) => match v {
                0 => format!("{x} a rencontré {y}{d} à {city} pour discuter de {topic}."),
                1 => format!("{x} et {y} se sont rencontrés à {city}{d}."),
                2 => format!("{x} a reçu {y} à {seat_a}{d}."),
                _ => format!("{x} et {y} ont tenu un sommet à {city}{d}."),
            },
            (Lang::Fr, Kind::PhoneCall) => match v {
                0 => format!("{x} et {y} se sont entretenus par téléphone{d} sur {topic}."),
                1 => format!("{x} a eu un entretien téléphonique avec {y}{d}."),
                2 => {
                    format!("Lors d'un entretien téléphonique avec {y}, {x} a appelé à la retenue.")
                }
                _ => format!("{x} a téléphoné à {y}{d} pour évoquer {topic}."),
            },
            (Lang::Fr, Kind::Visit) => match v {
                0 => format!("{one} s'est rendu à {seat_b}{d} pour des discussions sur {topic}."),
                1 => {
                    format!("{one} est arrivé{d} à {seat_b} pour une visite d'État de trois jours.")
                }
                2 => format!("{one} effectue{d} une visite officielle à {city}."),
                _ => format!("{one} a conduit une délégation à {seat_b}{d}."),
            },
            (Lang::Fr, Kind::Accusation) => match v {
                0 => format!("{a} a accusé {b} de violer {ag}."),
                1 => format!("{seat_a} accuse {seat_b} d'hypocrisie{d}."),
                2 => format!("{a} a dénoncé{d} les frappes de {b} à {city}."),
                _ => format!("Selon {seat_a}, {b} viole quotidiennement la trêve à {city}."),
            },
            (Lang::Fr, Kind::Ceasefire) => match v {
                0 => format!(
                    "{a} et {b} ont annoncé un cessez-le-feu à {city}, entré en vigueur à minuit."
                ),
                1 => format!("{a} et {b} ont accepté une trêve humanitaire négociée par {c}."),
                2 => format!("Un cessez-le-feu entre {a} et {b} est entré en vigueur{d} à {city}."),
                _ => format!("{x} et {y} ont proclamé{d} un cessez-le-feu à {city}."),
            },
            (Lang::Fr, Kind::Military) => match v {
                0 => format!("{a} a lancé{d} une offensive contre {b} près de {city}."),
                1 => format!("Des frappes de {a} ont visé dans la nuit des positions à {city}."),
                2 => format!("{a} a bombardé{d} des villages frontaliers de {b}."),
                _ => format!("Des affrontements entre {a} et {b} ont éclaté près de {city}{d}."),
            },
            (Lang::Fr, Kind::Statement) => {
                format!(
                    "{a}, {b} et {c} ont publié une déclaration commune à l'issue des pourparlers de {city}."
                )
            }
            (Lang::Fr, Kind::NoEvent) => match v {
                0 => format!(
                    "L'économie de {seat_a} a progressé de {} % l'an dernier, selon les chiffres officiels.",
                    r.range(1, 7)
                ),
                1 => format!(
                    "{city} compte environ {} millions d'habitants.",
                    r.range(2, 20)
                ),
                2 => format!(
                    "Les analystes de {city} estiment que les relations entre {a} et {b} restent tendues."
                ),
                _ => format!(
                    "Le ministère des Affaires étrangères de {seat_a} n'a pas souhaité commenter {topic}."
                ),
            },
            (Lang::Fr, Kind::Long) => format!(
                "{one} a déclaré{d} à des journalistes à {city} que {a} continuerait de travailler étroitement avec {b} sur {topic}, ajoutant que les deux pays avaient également abordé le commerce, l'énergie et la sécurité lors d'une réunion qui a duré plus de trois heures et que des responsables des deux camps ont qualifiée de franche et constructive, même si aucune percée n'a été annoncée sur les questions les plus sensibles."
            ),
            (Lang::Fr, Kind::Quote) => match v {
                0 => format!(
                    "\u{AB}\u{A0}Nous n'accepterons aucune violation de notre souveraineté\u{A0}\u{BB}, a déclaré {one}{d}."
                ),
                1 => format!(
                    "\u{AB}\u{A0}Les discussions ont été franches et utiles\u{A0}\u{BB}, a indiqué {x} après avoir rencontré {y} à {city}."
                ),
                2 => format!(
                    "\u{AB}\u{A0}Il n'y a pas d'alternative au dialogue\u{A0}\u{BB}, a affirmé un porte-parole à {city}."
                ),
                _ => format!(
                    "\u{AB}\u{A0}{} doit respecter ses engagements\u{A0}\u{BB}, a déclaré {one} dans un communiqué{d}.",
                    capitalize(b.to_string())
                ),
            },
        };
        if s.lang == Lang::Fr {
            capitalize(fr_contract(text))
        } else {
            capitalize(text)
        }
    }
}

/// French contractions of a preposition and an article: "à le" → "au", "de les" → "des".
fn fr_contract(text: String) -> String {
    if !text.contains(" le ") && !text.contains(" les ") {
        return text;
    }
    text.replace(" à le ", " au ")
        .replace(" à les ", " aux ")
        .replace(" de le ", " du ")
        .replace(" de les ", " des ")
}

/// Writes a corpus of exactly `sentences` sentences under `out` (which must not exist or be
/// empty). Same `sentences` and `seed`, same bytes.
pub fn generate(
    gazetteer: &Gazetteer,
    sentences: usize,
    seed: u64,
    out: &Path,
) -> Result<CorpusReport> {
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).with_context(|| format!("{}: cannot read", out.display()))?;
        if entries.next().is_some() {
            bail!("{}: directory is not empty", out.display());
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("{}: cannot create", out.display()))?;
    let world = World::new(gazetteer)?;
    let mut g = Generator {
        w: &world,
        rng: Rng(seed ^ 0x6469_706C_6F67_7261),
    };
    let mut report = CorpusReport::default();
    let first_day = Date::new(2010, 1, 1).expect("valid").to_days();
    let last_day = Date::new(2024, 12, 31).expect("valid").to_days();
    let mut left = sentences;
    let mut manifest: Option<std::io::BufWriter<std::fs::File>> = None;
    let mut text = String::with_capacity(16 * 1024);
    while left > 0 {
        let mut n = g.rng.range(5, 40).min(left);
        if left - n < 5 && left <= 40 {
            n = left;
        }
        let doc = report.documents;
        let folder = out.join(format!("{:04}", doc / FILES_PER_FOLDER));
        if doc % FILES_PER_FOLDER == 0 {
            if let Some(mut m) = manifest.take() {
                m.flush()?;
            }
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("{}: cannot create", folder.display()))?;
            let mut m = std::io::BufWriter::new(
                std::fs::File::create(folder.join(crate::input::MANIFEST))
                    .with_context(|| format!("{}: cannot create manifest", folder.display()))?,
            );
            writeln!(m, "doc,file,lang,date")?;
            manifest = Some(m);
        }
        let lang = match g.rng.below(10) {
            0..=4 => Lang::En,
            5..=7 => Lang::Vi,
            _ => Lang::Fr,
        };
        let published = first_day + g.rng.below((last_day - first_day) as usize + 1) as i64;
        // One cast of actors per document, reused by most of its sentences as news does.
        let mut scene = g.scene(lang, published);
        text.clear();
        let mut in_paragraph = 0;
        for i in 0..n {
            if i == 0 {
                text.push_str(&g.headline(&scene));
                text.push('\n');
                continue;
            }
            if g.rng.chance(35) {
                scene = g.scene(lang, published);
            }
            let sentence = g.sentence(&scene);
            if in_paragraph > 0 {
                text.push(' ');
            }
            text.push_str(&sentence);
            in_paragraph += 1;
            if in_paragraph >= 3 || g.rng.chance(45) || i + 1 == n {
                text.push('\n');
                in_paragraph = 0;
            }
        }
        let id = format!("b{doc:07}");
        let file = format!("{id}.txt");
        std::fs::write(folder.join(&file), text.as_bytes())
            .with_context(|| format!("{}: cannot write", folder.join(&file).display()))?;
        let date = Date::from_days(published);
        if let Some(m) = manifest.as_mut() {
            writeln!(m, "{id},{file},{},{date}", lang.code())?;
        }
        report.documents += 1;
        report.sentences += n;
        report.bytes += text.len() as u64;
        report.documents_by_lang[lang as usize] += 1;
        report.sentences_by_lang[lang as usize] += n;
        left -= n;
    }
    if let Some(mut m) = manifest.take() {
        m.flush()?;
    }
    std::fs::write(
        out.join(MARKER),
        format!("sentences={sentences} seed={seed}\n{report}\n"),
    )?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_stable() {
        let mut r = Rng(0);
        assert_eq!(r.next(), 0xE220_A839_7B1D_CDAF);
    }

    #[test]
    fn french_articles() {
        assert_eq!(fr_state_noun("Russie"), "la Russie");
        assert_eq!(fr_state_noun("États-Unis"), "les États-Unis");
        assert_eq!(fr_state_noun("Ukraine"), "l'Ukraine");
        assert_eq!(fr_state_noun("Japon"), "le Japon");
        assert_eq!(fr_state_noun("Israël"), "Israël");
        assert_eq!(
            fr_agreement_noun("accords de Minsk"),
            "les accords de Minsk"
        );
        assert_eq!(fr_state_noun("Corée du Sud"), "la Corée du Sud");
        assert_eq!(fr_state_noun("Royaume-Uni"), "le Royaume-Uni");
        assert_eq!(
            fr_contract("discuter de le commerce".into()),
            "discuter du commerce"
        );
        assert_eq!(en_state_noun("United States"), "the United States");
    }
}
