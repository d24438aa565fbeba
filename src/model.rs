//! The data model of extraction: what comes out of a sentence.
//!
//! These types are what `diplograph extract` prints as JSON lines and what later stages
//! (the store, the graph) consume. They know nothing about text processing or storage.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kind of an entity in the gazetteer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A sovereign state (UN member or observer, or partially recognised: Taiwan, Kosovo).
    State,
    /// A person: leader, minister, spokesperson, envoy.
    Person,
    /// An international or national organisation.
    Organisation,
    /// An armed, political or ethnic group.
    Group,
    /// A city, region, province or seat of power.
    Place,
    /// A named agreement.
    Agreement,
}

impl EntityKind {
    /// Parses the `kind` prefix of an entity id (`state:RUS` → `State`).
    pub fn from_id(id: &str) -> Option<EntityKind> {
        match id.split_once(':')?.0 {
            "state" => Some(EntityKind::State),
            "person" => Some(EntityKind::Person),
            "org" => Some(EntityKind::Organisation),
            "group" => Some(EntityKind::Group),
            "place" => Some(EntityKind::Place),
            "agreement" => Some(EntityKind::Agreement),
            _ => None,
        }
    }

    /// Whether entities of this kind can take part in events.
    pub fn is_actor(self) -> bool {
        matches!(
            self,
            EntityKind::State | EntityKind::Person | EntityKind::Organisation | EntityKind::Group
        )
    }

    /// The lowercase name used in output (`state`, `person`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::State => "state",
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Group => "group",
            EntityKind::Place => "place",
            EntityKind::Agreement => "agreement",
        }
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of a diplomatic event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventType {
    /// An agreement signed, reached or agreed.
    Agreement,
    /// Talks, negotiations, consultations (with an outcome).
    Talks,
    /// A meeting or summit.
    Meeting,
    /// A phone call.
    PhoneCall,
    /// A visit to a place or state.
    Visit,
    /// An accusation, blame or alleged violation.
    Accusation,
    /// A ceasefire declared, agreed or taking effect.
    Ceasefire,
    /// A military operation, offensive or strike.
    MilitaryOperation,
    /// A formal statement (used sparingly).
    Statement,
}

impl EventType {
    /// Every event type, in a stable order.
    pub const ALL: [EventType; 9] = [
        EventType::Agreement,
        EventType::Talks,
        EventType::Meeting,
        EventType::PhoneCall,
        EventType::Visit,
        EventType::Accusation,
        EventType::Ceasefire,
        EventType::MilitaryOperation,
        EventType::Statement,
    ];

    /// The event type named `name` (`phone_call`, `meeting`…).
    pub fn parse(name: &str) -> Option<EventType> {
        EventType::ALL
            .into_iter()
            .find(|t| t.as_str() == name.trim())
    }

    /// The snake_case name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Agreement => "agreement",
            EventType::Talks => "talks",
            EventType::Meeting => "meeting",
            EventType::PhoneCall => "phone_call",
            EventType::Visit => "visit",
            EventType::Accusation => "accusation",
            EventType::Ceasefire => "ceasefire",
            EventType::MilitaryOperation => "military_operation",
            EventType::Statement => "statement",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How talks or an attempted agreement ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// An agreement was reached.
    Agreed,
    /// The parties failed to agree.
    Failed,
    /// Talks are continuing or planned.
    Ongoing,
}

impl Outcome {
    /// The snake_case name used in rules and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Agreed => "agreed",
            Outcome::Failed => "failed",
            Outcome::Ongoing => "ongoing",
        }
    }

    /// How decisive an outcome is, for merging reports of one event: failed over agreed over
    /// ongoing over none (talks reported as continuing and then as failed, failed).
    pub fn decisiveness(o: Option<Outcome>) -> u8 {
        match o {
            Some(Outcome::Failed) => 3,
            Some(Outcome::Agreed) => 2,
            Some(Outcome::Ongoing) => 1,
            None => 0,
        }
    }
}

/// The role of a participant in a directed event (accusation, military operation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The accuser, the attacker.
    Source,
    /// The accused, the attacked.
    Target,
}

/// An actor taking part in an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Gazetteer id (`state:RUS`, `person:vladimir-putin`).
    pub id: String,
    /// Canonical English label.
    pub label: String,
    /// `state`, `person`, `organisation` or `group`.
    pub kind: EntityKind,
    /// Source or target in directed events; absent in symmetric ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Whether the actor is in the gazetteer (false: a person recognised from a title and a
    /// name, with a derived id `person:derived-<name>-<iso3>`). Written only when false.
    #[serde(default = "default_true", skip_serializing_if = "is_true")]
    pub known: bool,
    /// The state an actor not in the gazetteer serves (its id), when the text says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A reference to an agreement, known to the gazetteer or created from its parties and year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementRef {
    /// Gazetteer id, or a derived id (`agreement:rus-tur-2019`) for an agreement not in it.
    pub id: String,
    /// English label: the gazetteer's, or for an agreement derived from its parties what this
    /// sentence calls it ("United States–Vietnam comprehensive strategic partnership").
    pub label: String,
    /// The label of a derived agreement's node in the graph when it differs from `label`:
    /// one that does not depend on the wording ("Russia–Turkey agreement (2019)"), so that
    /// the node has one label however many documents, in whatever words, name it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_label: Option<String>,
    /// Year the agreement was made, when known.
    pub year: Option<i32>,
    /// Whether the agreement is in the gazetteer (false: created from the sentence).
    #[serde(default = "default_true")]
    pub known: bool,
}

fn default_true() -> bool {
    true
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A calendar day.
    Day,
    /// A week (value is its Monday).
    Week,
    /// A month.
    Month,
    /// A year.
    Year,
}

/// A date as stated in the text, resolved as far as the text and document date allow.
///
/// `value` follows XML Schema lexical forms: `2020-03-05` (day), `--03-05` (day and month
/// without a known year), `2020-03` (month), `--03` (month without year), `2020` (year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateValue {
    /// The date in an XML Schema lexical form.
    pub value: String,
    /// Its precision.
    pub precision: Precision,
    /// The words in the sentence that state it.
    pub text: String,
}

/// A place mentioned with an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceRef {
    /// Gazetteer id (`place:idlib`, or `state:KAZ` for a state used as a place).
    pub id: String,
    /// Canonical English label.
    pub label: String,
}

/// One event extracted from one sentence, with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Document id.
    pub doc: String,
    /// Index of the sentence in the document (0-based).
    pub sentence: usize,
    /// Character span `[start, end)` of the sentence in the NFC text of the document.
    pub span: [usize; 2],
    /// The sentence text.
    pub text: String,
    /// Language code of the sentence.
    pub lang: String,
    /// Event type.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Who took part.
    pub participants: Vec<Participant>,
    /// The agreement the event is about, if any.
    pub agreement: Option<AgreementRef>,
    /// When it happened, if the sentence says.
    pub date: Option<DateValue>,
    /// Where it happened or what places it concerns.
    pub places: Vec<PlaceRef>,
    /// Outcome of talks or agreements.
    pub outcome: Option<Outcome>,
    /// Whether the sentence negates the event or says it failed.
    pub negated: bool,
    /// Id of the rule that fired.
    pub rule: String,
    /// Confidence in [0, 1].
    pub confidence: f32,
    /// Character span `[start, end)` of the trigger words in the document.
    pub trigger: [usize; 2],
    /// Every rule that contributed (the first is `rule`); not part of the output.
    #[serde(skip)]
    pub rules: Vec<String>,
    /// Later sentences of the document that state the same event ("Russia and Turkey agreed
    /// a ceasefire. … The truce took effect at midnight."), in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<Mention>,
}

impl Event {
    /// The sentences that state the event: its own, then its later mentions.
    pub fn sentences(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.sentence).chain(self.mentions.iter().map(|m| m.sentence))
    }
}

/// Another sentence stating an event already stated earlier in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Character span `[start, end)` of the sentence in the NFC text of the document.
    pub span: [usize; 2],
    /// The sentence text.
    pub text: String,
    /// Id of the rule that fired there.
    pub rule: String,
    /// Character span `[start, end)` of the trigger words in the document.
    pub trigger: [usize; 2],
}
