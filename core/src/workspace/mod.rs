//! The analyst's workspace as data: the [`Store`] of loaded findings (deduplicated, one list row
//! each, with facets and step IDs), filtering, sorting and grouping, and saved checklist progress.
//! The app keeps a store in a signal and renders it; all the logic is here, tested natively.

mod facets;
mod filter;
mod progress;
mod row;
mod store;
pub mod view_state;

pub use facets::Facets;
pub use filter::{group, items, sort, Filter, GroupBy, Item, SortDir, SortKey};
pub use progress::{Progress, ProgressError};
pub use row::Row;
pub use store::{merge_note, Findings, Merged, Placement, StepCount, Store, MERGE_RULE};
pub use view_state::{OpenFinding, ViewState};
