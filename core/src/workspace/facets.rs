//! The values the list's filters offer, with how many rows have each. The store keeps them up to
//! date as findings are added or replaced, so showing the filters never walks every row.

use std::collections::BTreeMap;

use crate::scenario::ScenarioKey;
use crate::severity::SeverityBand;

use super::row::Row;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    bands: [usize; 4],
    scenarios: BTreeMap<ScenarioKey, usize>,
    resource_types: BTreeMap<String, usize>,
    accounts: BTreeMap<String, usize>,
    regions: BTreeMap<String, usize>,
}

fn band_slot(band: SeverityBand) -> usize {
    band as usize
}

/// Counts a value in or out; empty values are not offered, and a value no row has any more goes.
fn count<K: Ord + Clone>(map: &mut BTreeMap<K, usize>, key: &K, add: bool) {
    if add {
        // Clone a value only the first time it is seen: thousands of rows share a few.
        match map.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                map.insert(key.clone(), 1);
            }
        }
    } else if let Some(n) = map.get_mut(key) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(key);
        }
    }
}

impl Facets {
    /// The facets of these rows, counted from scratch.
    pub fn of<'a>(rows: impl IntoIterator<Item = &'a Row>) -> Facets {
        let mut f = Facets::default();
        for r in rows {
            f.add(r);
        }
        f
    }

    pub(crate) fn add(&mut self, row: &Row) {
        self.apply(row, true);
    }

    pub(crate) fn remove(&mut self, row: &Row) {
        self.apply(row, false);
    }

    fn apply(&mut self, row: &Row, add: bool) {
        let slot = &mut self.bands[band_slot(row.band())];
        *slot = if add { *slot + 1 } else { slot.saturating_sub(1) };
        for s in &row.scenarios {
            count(&mut self.scenarios, s, add);
        }
        for (map, value) in [
            (&mut self.resource_types, &row.resource_type),
            (&mut self.accounts, &row.account),
            (&mut self.regions, &row.region),
        ] {
            if !value.is_empty() {
                count(map, value, add);
            }
        }
    }

    /// How many rows are in a severity band.
    pub fn band(&self, band: SeverityBand) -> usize {
        self.bands[band_slot(band)]
    }

    /// The scenarios some row has, in the registry's order.
    pub fn scenarios(&self) -> impl Iterator<Item = ScenarioKey> + '_ {
        self.scenarios.keys().copied()
    }

    /// The resource types some row has, sorted.
    pub fn resource_types(&self) -> impl Iterator<Item = &str> {
        self.resource_types.keys().map(String::as_str)
    }

    pub fn accounts(&self) -> impl Iterator<Item = &str> {
        self.accounts.keys().map(String::as_str)
    }

    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.regions.keys().map(String::as_str)
    }
}
