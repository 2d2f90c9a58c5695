//! Filtering, sorting and grouping the findings list. Filters work on precomputed rows and return
//! indices, so the app re-renders only the visible slice and a keystroke in the search box costs
//! one pass over lower-cased strings.

use std::cmp::Ordering;

use crate::scenario::ScenarioKey;
use crate::severity::SeverityBand;

use super::row::Row;

/// What the list shows. Empty sets mean "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Free text: every word must appear in the title, type, resource, account, Region or ID.
    pub text: String,
    pub bands: Vec<SeverityBand>,
    pub scenarios: Vec<ScenarioKey>,
    pub resource_types: Vec<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// `Some(false)` hides archived findings, `Some(true)` shows only them.
    pub archived: Option<bool>,
}

impl Filter {
    pub fn matches(&self, row: &Row, words: &[String]) -> bool {
        (self.bands.is_empty() || self.bands.contains(&row.band()))
            && (self.scenarios.is_empty() || row.scenarios.iter().any(|s| self.scenarios.contains(s)))
            && (self.resource_types.is_empty() || self.resource_types.contains(&row.resource_type))
            && (self.accounts.is_empty() || self.accounts.contains(&row.account))
            && (self.regions.is_empty() || self.regions.contains(&row.region))
            && self.archived.is_none_or(|a| a == row.archived)
            && words.iter().all(|w| row.haystack.contains(w.as_str()))
    }

    /// Indices of the rows that match, in the given order.
    pub fn apply(&self, rows: &[Row], order: &[usize]) -> Vec<usize> {
        let words: Vec<String> = self.text.split_whitespace().map(str::to_lowercase).collect();
        order.iter().copied().filter(|&i| rows.get(i).is_some_and(|r| self.matches(r, &words))).collect()
    }
}

/// A column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Severity,
    Type,
    Resource,
    Account,
    Region,
    Count,
    FirstSeen,
    LastSeen,
    /// Archived, then sample findings last when ascending.
    Flags,
}

impl SortKey {
    /// Every column, in the order the list shows them.
    pub const ALL: [SortKey; 9] = [
        SortKey::Severity,
        SortKey::Type,
        SortKey::Resource,
        SortKey::Account,
        SortKey::Region,
        SortKey::Count,
        SortKey::FirstSeen,
        SortKey::LastSeen,
        SortKey::Flags,
    ];

    /// The column's heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Severity => "Severity",
            SortKey::Type => "Type and title",
            SortKey::Resource => "Resource",
            SortKey::Account => "Account",
            SortKey::Region => "Region",
            SortKey::Count => "Count",
            SortKey::FirstSeen => "First seen",
            SortKey::LastSeen => "Last seen",
            SortKey::Flags => "Flags",
        }
    }

    /// A stable name for the column (CSS classes and test IDs are made from it).
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Severity => "severity",
            SortKey::Type => "type",
            SortKey::Resource => "resource",
            SortKey::Account => "account",
            SortKey::Region => "region",
            SortKey::Count => "count",
            SortKey::FirstSeen => "first-seen",
            SortKey::LastSeen => "last-seen",
            SortKey::Flags => "flags",
        }
    }

    /// Whether the column holds a time (shown in the analyst's chosen zone).
    pub fn is_time(self) -> bool {
        matches!(self, SortKey::FirstSeen | SortKey::LastSeen)
    }

    /// The direction a first click sorts in: numbers and times read best newest or largest first.
    pub fn first_direction(self) -> SortDir {
        match self {
            SortKey::Severity | SortKey::Count | SortKey::FirstSeen | SortKey::LastSeen | SortKey::Flags => {
                SortDir::Descending
            }
            SortKey::Type | SortKey::Resource | SortKey::Account | SortKey::Region => SortDir::Ascending,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Ascending,
    Descending,
}

fn compare(a: &Row, b: &Row, key: SortKey) -> Ordering {
    match key {
        SortKey::Severity => a
            .severity
            .label
            .cmp(&b.severity.label)
            .then(a.severity.score.partial_cmp(&b.severity.score).unwrap_or(Ordering::Equal)),
        SortKey::Type => a.finding_type.cmp(&b.finding_type),
        SortKey::Resource => a.resource.cmp(&b.resource),
        SortKey::Account => a.account.cmp(&b.account),
        SortKey::Region => a.region.cmp(&b.region),
        SortKey::Count => a.count.cmp(&b.count),
        SortKey::FirstSeen => a.first_seen.cmp(&b.first_seen),
        SortKey::LastSeen => a.last_seen.cmp(&b.last_seen),
        SortKey::Flags => (a.archived, a.sample).cmp(&(b.archived, b.sample)),
    }
}

/// The row indices sorted by a column; ties keep load order, so sorting is stable to the analyst.
pub fn sort(rows: &[Row], key: SortKey, dir: SortDir) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by(|&i, &j| {
        let o = compare(&rows[i], &rows[j], key);
        if dir == SortDir::Descending {
            o.reverse()
        } else {
            o
        }
    });
    order
}

/// How the list is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    None,
    Scenario,
    Type,
    Resource,
}

impl GroupBy {
    /// Every grouping, in the order a menu offers them.
    pub const ALL: [GroupBy; 4] = [GroupBy::None, GroupBy::Scenario, GroupBy::Type, GroupBy::Resource];

    /// A stable name (a menu's option value).
    pub fn id(self) -> &'static str {
        match self {
            GroupBy::None => "none",
            GroupBy::Scenario => "scenario",
            GroupBy::Type => "type",
            GroupBy::Resource => "resource",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            GroupBy::None => "Nothing",
            GroupBy::Scenario => "Scenario",
            GroupBy::Type => "Type",
            GroupBy::Resource => "Resource",
        }
    }

    /// The grouping an [`GroupBy::id`] names; anything else groups by nothing.
    pub fn parse(id: &str) -> GroupBy {
        GroupBy::ALL.into_iter().find(|g| g.id() == id).unwrap_or(GroupBy::None)
    }
}

/// One line of the list: a group's heading or a finding (its index in the store).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Item {
    Header { label: String, count: usize },
    Finding(usize),
}

/// The list's lines: the indices as they are, or each group's heading followed by its findings.
pub fn items(rows: &[Row], indices: &[usize], by: GroupBy) -> Vec<Item> {
    if by == GroupBy::None {
        return indices.iter().map(|&i| Item::Finding(i)).collect();
    }
    let groups = group(rows, indices, by);
    let mut items = Vec::with_capacity(indices.len() + groups.len());
    for (label, members) in groups {
        items.push(Item::Header { label, count: members.len() });
        items.extend(members.into_iter().map(Item::Finding));
    }
    items
}

/// Groups indices (already filtered and sorted) under labels, groups in order of first appearance.
pub fn group(rows: &[Row], indices: &[usize], by: GroupBy) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in indices {
        let Some(r) = rows.get(i) else { continue };
        let label = match by {
            GroupBy::None => String::new(),
            GroupBy::Scenario => r.scenarios.first().map_or("No scenario", |s| s.title()).to_owned(),
            GroupBy::Type => r.finding_type.clone(),
            GroupBy::Resource => r.resource.clone(),
        };
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, v)) => v.push(i),
            None => groups.push((label, vec![i])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        let docs = [
            r#"{"type":"Recon:EC2/Portscan","id":"a","severity":2,"accountId":"1","region":"us-east-1","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-a"}},"service":{"count":5}}"#,
            r#"{"type":"UnauthorizedAccess:IAMUser/TorIPCaller","id":"b","severity":5,"accountId":"2","region":"eu-west-1","resource":{"resourceType":"AccessKey","accessKeyDetails":{"accessKeyId":"AKIAX","userName":"bob"}},"service":{"archived":true}}"#,
            r#"{"type":"Backdoor:EC2/C&CActivity.B","id":"c","severity":8,"accountId":"1","region":"us-east-1","resource":{"resourceType":"Instance","instanceDetails":{"instanceId":"i-c"}}}"#,
        ];
        docs.iter().map(|d| Row::new(&crate::read(d.as_bytes()).findings[0])).collect()
    }

    #[test]
    fn filters_combine() {
        let r = rows();
        let all: Vec<usize> = (0..r.len()).collect();
        assert_eq!(Filter { text: "  BOB ".into(), ..Default::default() }.apply(&r, &all), [1]);
        assert_eq!(Filter { bands: vec![SeverityBand::High], ..Default::default() }.apply(&r, &all), [2]);
        assert_eq!(Filter { scenarios: vec![ScenarioKey::Ec2Instance], ..Default::default() }.apply(&r, &all), [0, 2]);
        assert_eq!(
            Filter { archived: Some(false), accounts: vec!["1".into()], ..Default::default() }.apply(&r, &all),
            [0, 2]
        );
        assert_eq!(
            Filter { text: "i-c backdoor".into(), regions: vec!["us-east-1".into()], ..Default::default() }
                .apply(&r, &all),
            [2]
        );
        assert!(Filter { text: "nothing-like-this".into(), ..Default::default() }.apply(&r, &all).is_empty());
    }

    #[test]
    fn sorting_and_grouping() {
        let r = rows();
        assert_eq!(sort(&r, SortKey::Severity, SortDir::Descending), [2, 1, 0]);
        assert_eq!(sort(&r, SortKey::Count, SortDir::Descending), [0, 1, 2]);
        assert_eq!(sort(&r, SortKey::Flags, SortDir::Descending), [1, 0, 2], "the archived finding first");
        assert_eq!(r[1].resource, "bob (AKIAX)");
        let g = group(&r, &[0, 1, 2], GroupBy::Scenario);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].1, [0, 2]);
        let lines = items(&r, &[0, 1, 2], GroupBy::Scenario);
        assert_eq!(lines.len(), 5);
        assert_eq!(lines[0], Item::Header { label: g[0].0.clone(), count: 2 });
        assert_eq!(items(&r, &[2, 0], GroupBy::None), [Item::Finding(2), Item::Finding(0)]);
        for by in GroupBy::ALL {
            assert_eq!(GroupBy::parse(by.id()), by);
        }
        assert_eq!(GroupBy::parse("odd"), GroupBy::None);
    }
}
