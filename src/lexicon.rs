//! Language files (`data/lang/<code>.toml`): the words of a language that are not names,
//! and the matcher that finds them (together with rule triggers) in a sentence.

use crate::gazetteer::OfficeRole;
use crate::text::normalize::{Folded, fold};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

/// What a phrase referring back to several actors refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefKind {
    /// Leaders, ministers: persons.
    Person,
    /// Countries, nations: states.
    State,
    /// Sides, parties: states first, else persons.
    Any,
}

/// A phrase that refers back to actors ("the two leaders", "hai bên").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupRefSpec {
    /// The phrase.
    pub phrase: String,
    /// What it refers to.
    pub kind: RefKind,
}

/// A title written before a name ("President", "Ngoại trưởng").
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleSpec {
    /// The title.
    pub phrase: String,
    /// The office role it implies.
    pub role: OfficeRole,
    /// The state the title means when the text names none: the home state of the
    /// language's press ("le Président de la République" is France's, "Chủ tịch nước"
    /// Vietnam's). A gazetteer id (`state:FRA`).
    #[serde(default)]
    pub home_state: Option<String>,
}

/// Date words and patterns of a language.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateSpec {
    /// Month names (any case) to month numbers.
    #[serde(default)]
    pub months: BTreeMap<String, u32>,
    /// Weekday names to ISO weekday numbers (Monday = 1).
    #[serde(default)]
    pub weekdays: BTreeMap<String, u32>,
    /// Words naming a day relative to the document date, in days.
    #[serde(default)]
    pub relative_days: BTreeMap<String, i32>,
    /// Words naming a week relative to the document date, in weeks.
    #[serde(default)]
    pub relative_weeks: BTreeMap<String, i32>,
    /// Regular expressions with `{day}`, `{month}`, `{year}`, `{month_name}`, `{weekday}`.
    #[serde(default)]
    pub patterns: Vec<String>,
}

/// The contents of one `data/lang/<code>.toml` file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LanguageSpec {
    /// Language code used everywhere (`en`, `vi`, `fr`).
    pub code: String,
    /// English name of the language.
    pub name: String,
    /// ISO 639-3 code for the language detector.
    pub iso639_3: String,
    /// Words that end with a dot without ending a sentence.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Whether personal names are runs of capitalised syllables (Vietnamese: "Mã Anh Cửu"),
    /// so that a one-word state name inside such a run is a syllable of the name, not the
    /// state.
    #[serde(default)]
    pub syllable_names: bool,
    /// Whether a state adjective follows the noun it qualifies (French: "l'attaque russe"),
    /// so that one right after an event noun names the event's own side. Where adjectives
    /// precede nouns (English), one after a trigger qualifies its object ("bombed Iranian
    /// military targets").
    #[serde(default)]
    pub adjectives_follow_nouns: bool,
    /// Phrases that separate clauses.
    #[serde(default)]
    pub clause_breaks: Vec<String>,
    /// Clause breaks after which the clause shares the subject of the one before ("but",
    /// "nhưng", "mais"): "met several times but failed to reach an agreement".
    #[serde(default)]
    pub contrast_breaks: Vec<String>,
    /// Phrases saying a meeting or summit ended without agreement ("ended without a deal",
    /// "không đạt được thỏa thuận", "sans parvenir à un accord"): the meeting is talks that
    /// failed.
    #[serde(default)]
    pub no_agreement_cues: Vec<String>,
    /// Phrases that make a trigger in their clause failed or negated.
    #[serde(default)]
    pub failure_cues: Vec<String>,
    /// Phrases that make a later trigger in their clause planned or hoped for.
    #[serde(default)]
    pub future_cues: Vec<String>,
    /// Phrases before a trigger that say the event has not happened and is only wished,
    /// offered or demanded ("ready to", "called for"): no event.
    #[serde(default)]
    pub hypothetical_cues: Vec<String>,
    /// Words right before a trigger saying the event is only imagined, feared or threatened
    /// ("any military offensive", "a possible summit", "the threat of an invasion"): no
    /// event. They reach a few words only, unlike `hypothetical_cues`.
    #[serde(default)]
    pub hypothetical_near: Vec<String>,
    /// Phrases that hold a hypothetical cue but report the event as real: an invitation
    /// accepted ("nhận lời mời của", "theo lời mời của": the visit that follows took place).
    /// A hypothetical cue inside one of them does not count.
    #[serde(default)]
    pub real_invitations: Vec<String>,
    /// Words right after a trigger saying the event is still to come ("talks scheduled for",
    /// "các cuộc đàm phán sắp tới", "le sommet prévu"): planned, so no meeting, call, visit
    /// or talks, and an agreement only hoped for.
    #[serde(default)]
    pub planned_after: Vec<String>,
    /// Words saying talks go on ("continue", "resume", "tiếp tục", "poursuivre"): between a
    /// future cue and talks, the talks exist ("are expected to continue the talks").
    #[serde(default)]
    pub continuation_words: Vec<String>,
    /// Head nouns that, once used in an actor's name ("the Assad regime", "the Syrian
    /// opposition", "chính quyền Kiev"), stand for that actor when used alone later in the
    /// document ("the regime", "the opposition").
    #[serde(default)]
    pub head_nouns: Vec<String>,
    /// Phrases right after an actor saying it took no part ("was absent from", "was left out
    /// of"): it is not a participant.
    #[serde(default)]
    pub absence_cues: Vec<String>,
    /// Words standing for the event itself in a later clause ("it", "the talks"): a failure
    /// cue right after one fails the event ("…, but officials said it floundered").
    #[serde(default)]
    pub event_pronouns: Vec<String>,
    /// Indefinite articles ("a deal", "một thỏa thuận"): an agreement introduced with one is
    /// new, not the one the previous sentences named.
    #[serde(default)]
    pub indefinite_articles: Vec<String>,
    /// Words before a date that make it background rather than the event's date ("since
    /// March 2011", "kể từ năm 2015", "depuis 2014").
    #[serde(default)]
    pub background_date_words: Vec<String>,
    /// Triggers that, after a comma, open a participial clause whose subject is that of the
    /// main clause ("Saudi Arabia cut ties with Qatar, accusing it of …", "…, accusant …",
    /// "…, cáo buộc …"): the source of such a directed event is the main clause's subject,
    /// not the name nearest before the comma.
    #[serde(default)]
    pub participles: Vec<String>,
    /// Prepositions that make the next name a place.
    #[serde(default)]
    pub locative_preps: Vec<String>,
    /// Prepositions that make the next name a topic.
    #[serde(default)]
    pub topic_preps: Vec<String>,
    /// Nouns that name an agreement.
    #[serde(default)]
    pub agreement_nouns: Vec<String>,
    /// English names of agreement nouns, for the labels of agreements the gazetteer does not
    /// list ("văn kiện hợp tác" = "cooperation documents", "accord de coopération" =
    /// "cooperation agreement"). In a language other than English a noun without one is
    /// labelled "agreement".
    #[serde(default)]
    pub agreement_noun_labels: BTreeMap<String, String>,
    /// English only: words right before an agreement noun that say nothing of what it is
    /// about ("a new deal", "the historic agreement"); any other lowercase word there is its
    /// topic ("a nuclear deal", "a maritime agreement"), kept in its label.
    #[serde(default)]
    pub agreement_topic_stopwords: Vec<String>,
    /// Words meaning "counterpart".
    #[serde(default)]
    pub counterpart_words: Vec<String>,
    /// Nouns that make a state adjective next to them an actor ("Russian officials").
    #[serde(default)]
    pub actor_nouns: Vec<String>,
    /// Words introducing the parties of an event ("between", "giữa", "entre").
    #[serde(default)]
    pub between_words: Vec<String>,
    /// Words introducing a co-participant ("with", "với", "avec"): "talks with Iran".
    #[serde(default)]
    pub with_words: Vec<String>,
    /// Pronouns that stand for the person just named ("he", "his", "son").
    #[serde(default)]
    pub person_pronouns: Vec<String>,
    /// Pronouns that stand for the state, organisation or group just named ("its",
    /// "nước này").
    #[serde(default)]
    pub actor_pronouns: Vec<String>,
    /// Prepositions introducing the agent of a passive ("attacks by Russia"): the actor after
    /// one is a source in directed events.
    #[serde(default)]
    pub agent_preps: Vec<String>,
    /// Prepositions marking a possessor ("của" in "kho vũ khí của Syria"): such a name after a
    /// symmetric trigger qualifies a noun, it is not a party; in directed events it is the
    /// source ("cuộc tấn công của Nga").
    #[serde(default)]
    pub possessive_preps: Vec<String>,
    /// Phrases introducing a mediator or guarantor ("under the auspices of", "brokered by",
    /// "sous l'égide de", "với sự trung gian của"): the actors after one (and those listed
    /// with them) helped the parties, they are not parties.
    #[serde(default)]
    pub mediator_preps: Vec<String>,
    /// Phrases right after a name that make it the mediator ("thỏa thuận do Mỹ làm trung
    /// gian", "Qatar đứng ra hòa giải"): like a mediator preposition, from the other side.
    #[serde(default)]
    pub mediator_after: Vec<String>,
    /// Articles that may stand between a preposition and a name.
    #[serde(default)]
    pub articles: Vec<String>,
    /// Words joining names in a list ("and", "và", "et").
    #[serde(default)]
    pub conjunctions: Vec<String>,
    /// Prepositions and articles that may repeat before each name of a list without ending
    /// it ("du Qatar et de l'Égypte", "de l'Allemagne, de la France et du Royaume-Uni",
    /// "with Russia and with Iran").
    #[serde(default)]
    pub list_links: Vec<String>,
    /// Phrases referring back to actors.
    #[serde(default)]
    pub group_refs: Vec<GroupRefSpec>,
    /// Titles and the roles they imply.
    #[serde(default)]
    pub titles: Vec<TitleSpec>,
    /// Courtesy words that may stand between a title and a name ("Mr", "ông", "S.E.").
    #[serde(default)]
    pub honorifics: Vec<String>,
    /// Words completing a title before the name ("Ban Chấp hành Trung ương Đảng Cộng sản",
    /// "des Affaires étrangères", "Republic"), skipped when looking for the name.
    #[serde(default)]
    pub title_complements: Vec<String>,
    /// Words linking a title to its state ("of", "du", "của"): "President of Chile X",
    /// "President X of Chile", "le Premier ministre du Japon X".
    #[serde(default)]
    pub title_links: Vec<String>,
    /// Lowercase words inside a person's name ("bin", "de", "van").
    #[serde(default)]
    pub name_particles: Vec<String>,
    /// Capitalised words that never begin a name after a title ("The", "Hôm", "Le").
    #[serde(default)]
    pub name_stopwords: Vec<String>,
    /// Date words and patterns.
    #[serde(default)]
    pub dates: DateSpec,
}

impl LanguageSpec {
    /// Parses a language file; `path` is used in error messages.
    pub fn parse(path: &str, text: &str) -> Result<LanguageSpec> {
        toml::from_str(text).with_context(|| format!("{path}: invalid language file"))
    }

    /// Every plain phrase list of the language with the cue it marks (group references,
    /// titles and dates apart).
    pub fn cue_lists(&self) -> [(&[String], Cue); 32] {
        [
            (&self.clause_breaks, Cue::ClauseBreak),
            (&self.contrast_breaks, Cue::Contrast),
            (&self.no_agreement_cues, Cue::NoAgreement),
            (&self.failure_cues, Cue::Failure),
            (&self.future_cues, Cue::Future),
            (&self.locative_preps, Cue::Locative),
            (&self.topic_preps, Cue::Topic),
            (&self.agreement_nouns, Cue::AgreementNoun),
            (&self.counterpart_words, Cue::Counterpart),
            (&self.actor_nouns, Cue::ActorNoun),
            (&self.between_words, Cue::Between),
            (&self.articles, Cue::Article),
            (&self.conjunctions, Cue::Conjunction),
            (&self.list_links, Cue::ListLink),
            (&self.agent_preps, Cue::Agent),
            (&self.with_words, Cue::With),
            (&self.person_pronouns, Cue::Pronoun),
            (&self.actor_pronouns, Cue::ActorPronoun),
            (&self.possessive_preps, Cue::Possessive),
            (&self.mediator_preps, Cue::Mediator),
            (&self.mediator_after, Cue::MediatorAfter),
            (&self.hypothetical_cues, Cue::Hypothetical),
            (&self.hypothetical_near, Cue::HypotheticalNear),
            (&self.real_invitations, Cue::RealInvitation),
            (&self.planned_after, Cue::PlannedAfter),
            (&self.continuation_words, Cue::Continuation),
            (&self.head_nouns, Cue::HeadNoun),
            (&self.absence_cues, Cue::Absence),
            (&self.event_pronouns, Cue::EventPronoun),
            (&self.indefinite_articles, Cue::Indefinite),
            (&self.background_date_words, Cue::BackgroundDate),
            (&self.participles, Cue::Participle),
        ]
    }
}

/// What a phrase found in a sentence means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cue {
    /// A trigger of the rule with this index (in the language's rule list).
    Trigger(usize),
    /// A failure or negation cue.
    Failure,
    /// A clause break keeping the subject ("but").
    Contrast,
    /// A phrase saying a meeting ended without agreement.
    NoAgreement,
    /// A future or hope cue.
    Future,
    /// A clause break.
    ClauseBreak,
    /// A locative preposition.
    Locative,
    /// A topic preposition.
    Topic,
    /// An agreement noun.
    AgreementNoun,
    /// "counterpart".
    Counterpart,
    /// A phrase referring back to actors.
    GroupRef(RefKind),
    /// A title.
    Title(OfficeRole),
    /// A noun that makes a neighbouring state adjective an actor.
    ActorNoun,
    /// "between".
    Between,
    /// An article.
    Article,
    /// A conjunction joining names.
    Conjunction,
    /// A preposition or article repeated before a name of a list.
    ListLink,
    /// A preposition introducing a passive agent.
    Agent,
    /// "with".
    With,
    /// A pronoun standing for a person.
    Pronoun,
    /// A pronoun standing for a state, organisation or group.
    ActorPronoun,
    /// A preposition marking a possessor.
    Possessive,
    /// A phrase introducing a mediator or guarantor.
    Mediator,
    /// A phrase after a name that makes it the mediator.
    MediatorAfter,
    /// A cue that the event is only wished, offered or demanded.
    Hypothetical,
    /// A cue right before a trigger that the event is only imagined or threatened.
    HypotheticalNear,
    /// A phrase around a hypothetical cue saying the event is real after all.
    RealInvitation,
    /// A cue right after a trigger that the event is still to come.
    PlannedAfter,
    /// A word saying talks go on.
    Continuation,
    /// A head noun standing for the actor it was last used with ("regime").
    HeadNoun,
    /// A cue that the actor before it took no part.
    Absence,
    /// A word standing for the event in a later clause.
    EventPronoun,
    /// An indefinite article.
    Indefinite,
    /// A word making the following date background.
    BackgroundDate,
    /// A trigger that opens a participial clause after a comma.
    Participle,
}

/// A phrase found in a sentence: character offsets within the sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
    /// What it means.
    pub cue: Cue,
}

/// Finds every lexicon phrase and rule trigger of one language in a sentence, overlapping.
pub struct Lexicon {
    matcher: AhoCorasick,
    cues: Vec<Vec<Cue>>,
}

impl Lexicon {
    /// Builds the matcher from a language file and the trigger lists of its rules.
    pub fn build(spec: &LanguageSpec, rule_triggers: &[Vec<String>]) -> Result<Lexicon> {
        let mut by_phrase: HashMap<String, Vec<Cue>> = HashMap::new();
        let mut add = |phrase: &str, cue: Cue| {
            let key = fold(phrase);
            if !key.trim().is_empty() {
                by_phrase.entry(key).or_default().push(cue);
            }
        };
        for (list, cue) in spec.cue_lists() {
            for p in list {
                add(p, cue);
            }
        }
        for g in &spec.group_refs {
            add(&g.phrase, Cue::GroupRef(g.kind));
        }
        for t in &spec.titles {
            add(&t.phrase, Cue::Title(t.role));
        }
        for (i, triggers) in rule_triggers.iter().enumerate() {
            for t in triggers {
                add(t, Cue::Trigger(i));
            }
        }
        let mut phrases: Vec<(String, Vec<Cue>)> = by_phrase.into_iter().collect();
        phrases.sort_by(|a, b| a.0.cmp(&b.0));
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(phrases.iter().map(|(p, _)| p.as_str()))
            .with_context(|| format!("cannot build the lexicon of {}", spec.code))?;
        Ok(Lexicon {
            matcher,
            cues: phrases.into_iter().map(|(_, c)| c).collect(),
        })
    }

    /// Every phrase of the lexicon in `folded`, on word boundaries, sorted by position.
    pub fn find(&self, folded: &Folded) -> Vec<Hit> {
        let mut hits = Vec::new();
        for m in self.matcher.find_overlapping_iter(&folded.text) {
            if !folded.on_word_boundaries(m.start(), m.end()) {
                continue;
            }
            let (start, end) = (folded.char_index(m.start()), folded.char_index(m.end()));
            for &cue in &self.cues[m.pattern().as_usize()] {
                hits.push(Hit { start, end, cue });
            }
        }
        hits.sort_by_key(|h| (h.start, h.end));
        hits
    }
}
