//! Decisions and facts more than one scenario needs, kept here so that no scenario borrows from a
//! sibling: the caller's reputation, the kind of key and the instance's role in the activity, and
//! the steps that scenarios of one family (backup, ECS, EKS, the instance guide) have in common.

pub mod actor;
pub mod backup;
pub mod caller;
pub mod ecs;
pub mod image;
pub mod instance;
pub mod keys;
pub mod kubernetes;
pub mod malware;
pub mod network;
pub mod process;
