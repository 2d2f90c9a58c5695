//! Small components used by several views: the severity badge (list rows, finding header), the
//! copy button (commands, the raw JSON tree) and the keyboard hint (load panel, toolbar, finding
//! navigation).

mod copy;
mod keys;
mod severity;

pub use copy::CopyButton;
pub use keys::Keys;
pub use severity::SeverityBadge;
