//! Finds the line of a field path (`proposals[2].audience[0].roles`) in the source
//! text, so semantic errors found after deserialising can still name a line.

use super::error::line_of_offset;
use serde_json::value::RawValue;
use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A field path, rendered as `proposals[2].audience[0].roles`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn key(&self, k: &'static str) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Key(k));
        p
    }
    pub fn index(&self, i: usize) -> Path {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
    pub fn render(&self) -> String {
        let mut s = String::new();
        for seg in &self.0 {
            match seg {
                Seg::Key(k) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(k);
                }
                Seg::Index(i) => s.push_str(&format!("[{i}]")),
            }
        }
        s
    }
}

/// The syntax a file is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Toml,
    Json,
}

/// Line of the value at `path`, or of its nearest existing ancestor.
pub fn line_of(text: &str, syntax: Syntax, path: &Path) -> Option<usize> {
    let offset = match syntax {
        Syntax::Toml => toml_offset(text, path),
        Syntax::Json => json_offset(text, path),
    }?;
    Some(line_of_offset(text, offset))
}

fn toml_offset(text: &str, path: &Path) -> Option<usize> {
    let root = DeTable::parse(text).ok()?;
    let mut best = None;
    let mut table: Option<&DeTable> = Some(root.get_ref());
    let mut value: Option<&toml::Spanned<DeValue>> = None;
    for seg in &path.0 {
        let next = match (seg, table, value.map(|v| v.get_ref())) {
            (Seg::Key(k), Some(t), _) => t.get(*k),
            (Seg::Key(k), None, Some(DeValue::Table(t))) => t.get(*k),
            (Seg::Index(i), None, Some(DeValue::Array(a))) => a.get(*i),
            _ => None,
        };
        let Some(next) = next else { break };
        best = Some(next.span().start);
        value = Some(next);
        table = None;
    }
    best
}

fn json_offset(text: &str, path: &Path) -> Option<usize> {
    let base = text.as_ptr() as usize;
    let mut current: &RawValue = serde_json::from_str(text).ok()?;
    let mut best = None;
    for seg in &path.0 {
        let next: Option<&RawValue> = match seg {
            Seg::Key(k) => serde_json::from_str::<BTreeMap<&str, &RawValue>>(current.get())
                .ok()
                .and_then(|m| m.get(k).copied()),
            Seg::Index(i) => serde_json::from_str::<Vec<&RawValue>>(current.get())
                .ok()
                .and_then(|v| v.get(*i).copied()),
        };
        let Some(next) = next else { break };
        best = Some(next.get().as_ptr() as usize - base);
        current = next;
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path() -> Path {
        Path::default()
            .key("proposals")
            .index(1)
            .key("audience")
            .index(0)
            .key("roles")
    }

    #[test]
    fn toml_paths_find_their_line() {
        let text = "week = \"2026-W49\"\n\n[[proposals]]\nid = \"a\"\n\n[[proposals]]\nid = \"b\"\n[[proposals.audience]]\nroles = [\"书计\"]\n";
        assert_eq!(path().render(), "proposals[1].audience[0].roles");
        assert_eq!(line_of(text, Syntax::Toml, &path()), Some(9));
        let id = Path::default().key("proposals").index(1).key("id");
        assert_eq!(line_of(text, Syntax::Toml, &id), Some(7));
    }

    #[test]
    fn json_paths_find_their_line() {
        let text = "{\n \"proposals\": [\n  {\"id\": \"a\"},\n  {\"id\": \"b\",\n   \"audience\": [\n    {\"roles\": [\"x\"]}\n   ]}\n ]\n}";
        assert_eq!(line_of(text, Syntax::Json, &path()), Some(6));
        let missing = Path::default().key("proposals").index(1).key("nope");
        assert_eq!(line_of(text, Syntax::Json, &missing), Some(4));
    }
}
