//! Decisions and facts more than one scenario needs, kept here so that no scenario borrows from a
//! sibling: the caller's reputation, the kind of key and the instance's role in the activity.

pub mod actor;
pub mod backup;
pub mod caller;
pub mod ecs;
pub mod image;
pub mod keys;
pub mod kubernetes;
pub mod malware;
pub mod network;
pub mod process;
