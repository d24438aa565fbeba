//! The gazetteer as one document sees it: every listed entity, plus the persons the document
//! introduces with a title ("Foreign Minister Ana Ruiz", "Thủ tướng Nhật Bản Kishida Fumio")
//! that the gazetteer does not list.
//!
//! A derived person gets an id from its name and state (`person:derived-ana-ruiz-chl`), so
//! the same person named the same way in another document is the same node; it is marked as
//! not from the gazetteer in the output. Entity ids past the gazetteer's are derived ones.

use crate::gazetteer::{Entity, EntityId, Gazetteer};
use crate::model::EntityKind;
use crate::text::normalize::fold;
use std::collections::HashMap;
use std::ops::Deref;
use unicode_normalization::UnicodeNormalization;

/// A person the document introduced.
#[derive(Debug, Clone)]
pub(super) struct DerivedPerson {
    pub entity: EntityId,
    /// The folded words of the name as first written.
    pub tokens: Vec<String>,
}

/// The gazetteer plus the persons derived in one document.
pub(super) struct World<'a> {
    base: &'a Gazetteer,
    derived: Vec<Entity>,
    by_id: HashMap<String, EntityId>,
    /// Derived persons in the order the document introduced them.
    pub persons: Vec<DerivedPerson>,
}

impl Deref for World<'_> {
    type Target = Gazetteer;
    fn deref(&self) -> &Gazetteer {
        self.base
    }
}

/// ASCII slug of a name: "Nguyễn Phú Trọng" → "nguyen-phu-trong".
pub(super) fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.nfd() {
        let c = match c {
            'đ' | 'Đ' => 'd',
            'ı' => 'i',
            'ø' | 'Ø' => 'o',
            'ł' | 'Ł' => 'l',
            'ß' => 's',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '\'' || c == '.')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl<'a> World<'a> {
    /// The gazetteer with no derived persons yet.
    pub fn new(base: &'a Gazetteer) -> World<'a> {
        World {
            base,
            derived: Vec::new(),
            by_id: HashMap::new(),
            persons: Vec::new(),
        }
    }

    /// The entity at `index`, listed or derived.
    pub fn entity(&self, index: EntityId) -> &Entity {
        let n = self.base.entities.len();
        if index < n {
            self.base.entity(index)
        } else {
            &self.derived[index - n]
        }
    }

    /// The entity with this id, listed or derived.
    pub fn get(&self, id: &str) -> Option<EntityId> {
        self.base.get(id).or_else(|| self.by_id.get(id).copied())
    }

    /// Whether the entity comes from the gazetteer.
    pub fn is_listed(&self, index: EntityId) -> bool {
        index < self.base.entities.len()
    }

    /// The person named `name` serving `state`, derived once per document.
    pub fn derive_person(&mut self, name: &str, state: Option<EntityId>) -> EntityId {
        let key = slug(name);
        let id = match state.and_then(|s| self.base.entity(s).iso3.clone()) {
            Some(iso3) => format!("person:derived-{key}-{}", iso3.to_lowercase()),
            None => format!("person:derived-{key}"),
        };
        if let Some(&e) = self.by_id.get(&id) {
            return e;
        }
        let entity = self.base.entities.len() + self.derived.len();
        self.derived.push(Entity {
            id: id.clone(),
            label: name.to_string(),
            kind: EntityKind::Person,
            qid: None,
            iso3: None,
            state,
            metonym_of: None,
            subkind: String::new(),
        });
        self.by_id.insert(id, entity);
        self.persons.push(DerivedPerson {
            entity,
            tokens: name.split_whitespace().map(fold).collect(),
        });
        entity
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(slug("Nguyễn Phú Trọng"), "nguyen-phu-trong");
        assert_eq!(slug("Joseph R. Biden Jr."), "joseph-r-biden-jr");
        assert_eq!(slug("Đặng Thị Ngọc Thịnh"), "dang-thi-ngoc-thinh");
        assert_eq!(
            slug("Mohammed bin Salman Al Saud"),
            "mohammed-bin-salman-al-saud"
        );
    }
}
