//! The audit log as the page and the export see it: the filter, its typed
//! spec, and the rows.
use crate::domain::filter::{day, field, fields_fit, word, Day, FilterError};
use crate::domain::vocab::ActionGroup;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AuditFilter {
    pub group: String,
    pub actor: String,
    /// Words of the target or the details.
    pub text: String,
    /// YYYY-MM-DD in the viewer's time zone, inclusive.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditSpec {
    pub group: Option<ActionGroup>,
    pub actor: Option<String>,
    pub text: Option<String>,
    pub from: Option<Day>,
    pub to: Option<Day>,
}

impl AuditFilter {
    pub fn parse(&self) -> Result<AuditSpec, FilterError> {
        let all = [&self.group, &self.actor, &self.text, &self.from, &self.to];
        if !fields_fit(&all.map(String::as_str)) {
            return Err(FilterError::TooLong);
        }
        Ok(AuditSpec {
            group: word(&self.group, ActionGroup::parse)?,
            actor: field(&self.actor),
            text: field(&self.text),
            from: day(&self.from)?,
            to: day(&self.to)?,
        })
    }
}

/// One event. `action` is kept as stored: an event outlives the version
/// of the product that wrote it, and its record must read back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub client: String,
    pub action: String,
    pub target: String,
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    /// The id the next page starts below.
    pub next: Option<i64>,
    pub time_zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_group_is_refused() {
        let f = AuditFilter {
            group: "push".into(),
            ..Default::default()
        };
        assert_eq!(f.parse().unwrap().group, Some(ActionGroup::Push));
        let bad = AuditFilter {
            group: "pushes".into(),
            ..Default::default()
        };
        assert_eq!(bad.parse(), Err(FilterError::UnknownWord));
    }
}
