//! Event rules (`data/rules/<code>.toml`): which phrases announce which event, what the
//! event needs, and the example sentences every rule is tested against.

use crate::model::{EventType, Outcome};
use anyhow::{Context, Result, bail};
use serde::Deserialize;

/// How participants are assigned roles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleMode {
    /// Everyone takes part alike (talks, meetings, agreements).
    #[default]
    Symmetric,
    /// Actors before the trigger are sources, after it targets ("Russia accused Turkey").
    SourceTarget,
    /// Actors before the trigger are targets, after it sources ("Turkey was accused by Russia").
    TargetSource,
    /// Every actor is a target ("Turkey violated the ceasefire").
    TargetOnly,
}

/// What a failure cue in the trigger's clause does to the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnFailure {
    /// The event becomes talks with outcome `failed` (agreements).
    TalksFailed,
    /// The event keeps its type with outcome `failed` (talks).
    Failed,
    /// The event is kept and marked `negated` (meetings, calls…).
    Negate,
    /// No event.
    Drop,
}

/// What a future or hope cue before the trigger does to the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnFuture {
    /// The event becomes talks with outcome `ongoing` (agreements).
    TalksOngoing,
    /// The event keeps its type; talks get `ongoing`.
    Keep,
    /// No event (threats and plans of attacks are not attacks).
    Drop,
}

/// An example a rule must fire on, optionally with what the event must contain.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Example {
    /// Just the sentence: the rule must fire on it.
    Text(String),
    /// The sentence and what the event must contain.
    Detailed(DetailedExample),
}

/// The expected event of an example.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetailedExample {
    /// The sentence.
    pub text: String,
    /// Expected type (default: the rule's).
    #[serde(rename = "type")]
    pub event_type: Option<EventType>,
    /// Participant ids that must all be present.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Participant ids that must be absent.
    #[serde(default)]
    pub not_participants: Vec<String>,
    /// Expected outcome (`none` for no outcome).
    pub outcome: Option<String>,
    /// Expected agreement id.
    pub agreement: Option<String>,
    /// Expected `negated` flag.
    pub negated: Option<bool>,
    /// Expected date value.
    pub date: Option<String>,
    /// Place ids that must be present.
    #[serde(default)]
    pub places: Vec<String>,
    /// Document date to extract with (`YYYY-MM-DD`).
    pub doc_date: Option<String>,
}

impl Example {
    /// The example sentence.
    pub fn text(&self) -> &str {
        match self {
            Example::Text(t) => t,
            Example::Detailed(d) => &d.text,
        }
    }
}

/// One rule, as written in a rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Unique id (`en.agreement.signed`).
    pub id: String,
    /// The event type it produces.
    #[serde(rename = "type")]
    pub event_type: EventType,
    /// Phrases that fire it.
    pub triggers: Vec<String>,
    /// Outcome the event gets when nothing overrides it.
    pub outcome: Option<Outcome>,
    /// Needs an agreement name or noun near the trigger (within `window`).
    #[serde(default)]
    pub requires_agreement: bool,
    /// Needs one of these phrases within `window` characters on either side of the trigger.
    #[serde(default)]
    pub near: Vec<String>,
    /// Needs one of these phrases within `window` characters after the trigger.
    #[serde(default)]
    pub after: Vec<String>,
    /// Needs one of these phrases within `window` characters before the trigger.
    #[serde(default)]
    pub before: Vec<String>,
    /// Must not have one of these phrases within `window` characters of the trigger.
    #[serde(default)]
    pub unless: Vec<String>,
    /// Characters around the trigger searched by `near`, `after`, `before`, `unless` and
    /// `requires_agreement`.
    #[serde(default = "default_window")]
    pub window: usize,
    /// Needs a place (or a state named as a place) within `window` characters after the
    /// trigger ("intervened in northern Syria", not "intervened in the election").
    #[serde(default)]
    pub requires_place: bool,
    /// Minimum number of sides (states, or actors without a state) among the participants.
    pub min_sides: Option<usize>,
    /// How participants get roles.
    #[serde(default)]
    pub roles: RoleMode,
    /// What a failure cue does.
    pub on_failure: Option<OnFailure>,
    /// Whether failure cues after the trigger count too ("talks ended without agreement").
    pub failure_after: Option<bool>,
    /// What a future cue does (default: talks_ongoing for agreements, keep otherwise).
    pub on_future: Option<OnFuture>,
    /// Whether actors right after the trigger take part ("Putin met Erdoğan": yes, the
    /// default; "agreed a deal forcing the YPG to withdraw": no). Actors after a `with` or
    /// `between` word always take part.
    #[serde(default = "default_true")]
    pub objects: bool,
    /// Whether every actor before the trigger in its clause takes part, however long the
    /// subject ("A, President of X, B, Chancellor of Y, and C … se sont réunis"): for
    /// reciprocal verbs, whose subject is the list of parties.
    #[serde(default)]
    pub subject: bool,
    /// Fires on the name of an agreement the gazetteer lists when no other event of the
    /// sentence is about it ("Les accords de Minsk restent la base des travaux"): the
    /// agreement stated as existing, with its listed parties. Its `triggers` may be empty.
    #[serde(default)]
    pub on_named_agreement: bool,
    /// Confidence of its events.
    #[serde(default = "default_confidence")]
    pub confidence: f32,
    /// Sentences it must fire on.
    #[serde(default)]
    pub examples: Vec<Example>,
    /// Sentences it must not fire on.
    #[serde(default)]
    pub counterexamples: Vec<String>,
}

fn default_true() -> bool {
    true
}

fn default_window() -> usize {
    60
}

fn default_confidence() -> f32 {
    0.8
}

impl Rule {
    /// Minimum number of sides, by default 2 for events between parties, else 1.
    pub fn min_sides(&self) -> usize {
        self.min_sides.unwrap_or(match self.event_type {
            EventType::Agreement | EventType::Talks | EventType::Meeting | EventType::PhoneCall => {
                2
            }
            _ => 1,
        })
    }

    /// What a failure cue does, by default by event type.
    pub fn on_failure(&self) -> OnFailure {
        self.on_failure.unwrap_or(match self.event_type {
            EventType::Agreement => OnFailure::TalksFailed,
            EventType::Talks => OnFailure::Failed,
            _ => OnFailure::Negate,
        })
    }

    /// What a future cue does, by default by event type.
    pub fn on_future(&self) -> OnFuture {
        // A planned meeting, call or visit ("will meet", "sẽ thăm", "se rendra") has not
        // happened: it is no event.
        self.on_future.unwrap_or(match self.event_type {
            EventType::Agreement => OnFuture::TalksOngoing,
            EventType::Meeting | EventType::PhoneCall | EventType::Visit => OnFuture::Drop,
            _ => OnFuture::Keep,
        })
    }

    /// Whether failure cues after the trigger count, by default for talks and agreements.
    pub fn failure_after(&self) -> bool {
        self.failure_after.unwrap_or(matches!(
            self.event_type,
            EventType::Agreement | EventType::Talks
        ))
    }
}

/// The contents of one rule file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Language code of every rule in the file.
    pub lang: String,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<Rule>,
}

impl RuleFile {
    /// Parses and checks a rule file; `path` is used in error messages.
    pub fn parse(path: &str, text: &str) -> Result<RuleFile> {
        let file: RuleFile =
            toml::from_str(text).with_context(|| format!("{path}: invalid rule file"))?;
        let mut seen = std::collections::HashSet::new();
        for r in &file.rule {
            if !seen.insert(r.id.as_str()) {
                bail!("{path}: duplicate rule id '{}'", r.id);
            }
            if r.triggers.iter().all(|t| t.trim().is_empty()) && !r.on_named_agreement {
                bail!("{path}: rule '{}' has no trigger", r.id);
            }
            if r.on_named_agreement && r.event_type != EventType::Agreement {
                bail!(
                    "{path}: rule '{}' fires on agreement names, so its type must be agreement",
                    r.id
                );
            }
            if !(0.0..=1.0).contains(&r.confidence) {
                bail!("{path}: rule '{}' has confidence outside [0, 1]", r.id);
            }
        }
        Ok(file)
    }
}
