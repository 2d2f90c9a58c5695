//! Findlens core: reads Amazon GuardDuty findings in every shape they travel in, and builds the
//! remediation guide for each as plain data. No web or terminal dependency: the app, the desktop
//! shell and the CLI only present what this crate returns.
//!
//! Data flows one way: bytes → [`input`] → [`finding`] → [`catalog`] and [`route`] → [`guide`]; beside
//! the guide, [`describe`] gives a finding's "what happened" sections and [`raw`] its document as a
//! tree, both with wire field paths.

pub mod catalog;
pub mod describe;
pub mod finding;
pub mod guide;
pub mod input;
pub mod raw;
pub mod route;
pub mod samples;
pub mod scenario;
pub mod severity;
pub mod workspace;

pub use finding::Finding;
pub use guide::Guide;
pub use input::{read, Incremental, Loaded, Problem};
pub use scenario::ScenarioKey;
pub use severity::Severity;
