//! Builders for sections and rows. A row is added only when it has a value, and its path is the
//! builder's base joined with the field's wire name, so a call names each field once.

use crate::finding::{tags_text, Tag, Timestamp};

use super::{Item, Row, Section, Value};

/// Rows under one base path (`resource.instanceDetails`).
pub(super) struct Rows {
    base: String,
    rows: Vec<Row>,
}

impl Rows {
    pub fn at(base: impl Into<String>) -> Rows {
        Rows { base: base.into(), rows: Vec::new() }
    }

    fn path(&self, field: &str) -> String {
        if field.is_empty() {
            self.base.clone()
        } else if self.base.is_empty() {
            field.to_owned()
        } else {
            format!("{}.{field}", self.base)
        }
    }

    /// A row from any value; blank text is left out.
    pub fn text(&mut self, label: impl Into<String>, value: Option<impl ToString>, field: &str) -> &mut Self {
        if let Some(v) = value.map(|v| v.to_string()).filter(|v| !v.trim().is_empty()) {
            let path = self.path(field);
            self.rows.push(Row { label: label.into(), value: Value::Text(v), path });
        }
        self
    }

    pub fn str(&mut self, label: &str, value: &Option<String>, field: &str) -> &mut Self {
        self.text(label, value.as_deref(), field)
    }

    pub fn yes_no(&mut self, label: &str, value: Option<bool>, field: &str) -> &mut Self {
        self.text(label, value.map(|b| if b { "Yes" } else { "No" }), field)
    }

    /// Values joined with commas; blank ones are left out.
    pub fn list<S: AsRef<str>>(&mut self, label: &str, values: &[S], field: &str) -> &mut Self {
        let parts: Vec<&str> = values.iter().map(AsRef::as_ref).filter(|v| !v.trim().is_empty()).collect();
        self.text(label, (!parts.is_empty()).then(|| parts.join(", ")), field)
    }

    pub fn time(&mut self, label: &str, value: &Option<Timestamp>, field: &str) -> &mut Self {
        if let Some(t) = value.as_ref().filter(|t| !t.text.trim().is_empty()) {
            let path = self.path(field);
            self.rows.push(Row { label: label.to_owned(), value: Value::Time(t.clone()), path });
        }
        self
    }

    pub fn tags(&mut self, label: &str, tags: &[Tag], field: &str) -> &mut Self {
        self.text(label, tags_text(tags), field)
    }
}

/// A section being built: its own rows, then its titled items.
pub(super) struct Builder {
    id: &'static str,
    title: &'static str,
    top: Vec<Row>,
    items: Vec<Item>,
}

impl Builder {
    pub fn new(id: &'static str, title: &'static str) -> Builder {
        Builder { id, title, top: Vec::new(), items: Vec::new() }
    }

    /// Rows of the section itself.
    pub fn rows(&mut self, rows: Rows) {
        self.top.extend(rows.rows);
    }

    /// One titled item (left out when it has no rows).
    pub fn item(&mut self, title: impl Into<String>, rows: Rows) {
        if !rows.rows.is_empty() {
            self.items.push(Item { title: Some(title.into()), rows: rows.rows });
        }
    }

    /// The section, unless it has nothing to show.
    pub fn finish(self) -> Option<Section> {
        let mut items = Vec::with_capacity(self.items.len() + 1);
        if !self.top.is_empty() {
            items.push(Item { title: None, rows: self.top });
        }
        items.extend(self.items);
        (!items.is_empty()).then_some(Section { id: self.id, title: self.title, items })
    }
}
