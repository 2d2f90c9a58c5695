//! `s3-recovery-point`: Malware Protection for AWS Backup found malware in an S3 recovery point.

use crate::guide::ctx::Ctx;
use crate::guide::model::Step;
use crate::guide::shared::backup::recovery_point::{recovery_point, Source};

/// `s3-recovery-point`: an AWS Backup recovery point of S3 data with malware.
pub fn steps(cx: &Ctx) -> Vec<Step> {
    recovery_point(cx, "s3-recovery-point", Source::S3)
}
