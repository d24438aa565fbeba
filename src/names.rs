//! Turning a name a user types ("Hoa Kỳ", "Washington", "İdlib", "Erdogan") into an entity,
//! with "did you mean" suggestions for names the gazetteer does not know.

use crate::gazetteer::{EntityId, Gazetteer};
use crate::model::EntityKind;
use crate::text::normalize::fold;

/// Why a name could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// Nothing by that name; the closest known names.
    Unknown {
        /// The name as typed.
        name: String,
        /// Labels of the closest entities, best first.
        suggestions: Vec<String>,
    },
}

impl std::fmt::Display for NameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NameError::Unknown { name, suggestions } if suggestions.is_empty() => {
                write!(f, "unknown name '{name}'")
            }
            NameError::Unknown { name, suggestions } => {
                write!(
                    f,
                    "unknown name '{name}'; did you mean {}?",
                    suggestions.join(", ")
                )
            }
        }
    }
}

impl std::error::Error for NameError {}

/// Edit distance between two strings, in characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Strips words that often come with a name but are not part of it ("tỉnh Idlib", "the
/// Kremlin", "province of Idlib").
fn bare(name: &str) -> String {
    let folded = fold(name.trim());
    let drop = [
        "the ",
        "tỉnh ",
        "thành phố ",
        "le ",
        "la ",
        "les ",
        "l'",
        "province of ",
        "province d'",
        "nước ",
        "thủ đô ",
    ];
    let mut s = folded.as_str();
    for d in drop {
        if let Some(rest) = s.strip_prefix(d) {
            s = rest;
        }
    }
    s.trim().to_string()
}

/// The entity a name means: an id (`state:RUS`), a label or any alias, in any language and
/// case. A capital or seat of power used as a name means its state when `actors_only`.
pub fn resolve(g: &Gazetteer, name: &str, actors_only: bool) -> Result<EntityId, NameError> {
    let candidates = [name.trim().to_string(), bare(name)];
    for c in &candidates {
        let found = g.lookup(c);
        // Prefer actors, then agreements, then places.
        let rank = |e: &EntityId| match g.entity(*e).kind {
            k if k.is_actor() => 0,
            EntityKind::Agreement => 1,
            _ => 2,
        };
        if let Some(&best) = found.iter().min_by_key(|e| rank(e)) {
            let e = g.entity(best);
            if actors_only
                && e.kind == EntityKind::Place
                && let Some(state) = e.metonym_of
            {
                return Ok(state);
            }
            return Ok(best);
        }
    }
    Err(NameError::Unknown {
        name: name.to_string(),
        suggestions: suggest(g, name, 3),
    })
}

/// The labels of the `n` entities whose names are closest to `name`.
pub fn suggest(g: &Gazetteer, name: &str, n: usize) -> Vec<String> {
    let key = bare(name);
    let mut scored: Vec<(usize, String)> = Vec::new();
    for a in &g.aliases {
        let Some(e) = a.entity else { continue };
        let alias = fold(&a.text);
        let d = levenshtein(&key, &alias);
        let limit = (key.chars().count().max(alias.chars().count()) / 3).max(1);
        if d <= limit {
            scored.push((d, g.entity(e).label.clone()));
        }
    }
    scored.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, label) in scored {
        if !out.contains(&label) {
            out.push(label);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("Nga", "Nga"), 0);
    }
}
