//! `ec2-recovery-point`: Malware Protection for AWS Backup found malware in an EC2 recovery point.

use crate::guide::ctx::Ctx;
use crate::guide::model::Step;
use crate::guide::shared::backup::recovery_point::{recovery_point, Source};

/// `ec2-recovery-point`: an AWS Backup recovery point of an EC2 instance with malware.
pub fn steps(cx: &Ctx) -> Vec<Step> {
    recovery_point(cx, "ec2-recovery-point", Source::Ec2)
}
