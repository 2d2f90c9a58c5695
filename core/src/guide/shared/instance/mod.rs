//! The instance guide, which `ec2-instance` is and `ec2-runtime` builds on. Identify the instance
//! and scan it, take it out of Auto Scaling's hands, isolate it without an all-open rule, take its
//! role away (stolen role credentials are the most urgent), keep its evidence, find and stop the
//! source, and only then replace it. Step IDs are `ec2-instance`'s; `ec2-runtime` renames them.

mod contain;
mod identify;
mod recover;

use contain::{isolate, preserve, release, revoke_role};
use identify::{find_source, identify};
use recover::{get_help, replace};

use crate::guide::ctx::Ctx;
use crate::guide::model::{Command, Step};
use crate::guide::shared::network::{nacl_deny, Subnet};

const ID_HINT: &str =
    "the instance ID (resource.instanceDetails.instanceId); find it in the finding's title or the console";
const P_INST: &str = "resource.instanceDetails";
/// The tag Auto Scaling puts on every instance it launches.
const ASG_TAG: &str = "aws:autoscaling:groupName";

pub fn steps(cx: &Ctx) -> Vec<Step> {
    vec![
        identify(cx),
        release(cx),
        isolate(cx),
        revoke_role(cx),
        preserve(cx),
        find_source(cx),
        replace(cx),
        get_help(),
    ]
}

fn p(field: &str) -> String {
    format!("{P_INST}.{field}")
}

/// The security groups attached now, across the instance's network interfaces.
fn security_groups<'f>(cx: &Ctx<'f>) -> Vec<&'f str> {
    let mut groups: Vec<&str> = cx
        .instance()
        .map(|i| {
            i.network_interfaces
                .iter()
                .flat_map(|n| n.security_groups.iter().filter_map(|g| g.group_id.as_deref()))
                .collect()
        })
        .unwrap_or_default();
    groups.dedup();
    groups
}

fn first_nic<'f>(cx: &Ctx<'f>) -> Option<&'f crate::finding::NetworkInterface> {
    cx.instance().and_then(|i| i.network_interfaces.first())
}

/// Deny rules for the finding's remote address at the network ACL of the instance's subnet, which
/// (unlike security groups) also cut connections already open. Empty when the finding names no
/// remote address: there is then nothing to deny.
pub fn nacl_block(cx: &Ctx) -> Vec<Command> {
    let Some((ip, path)) = cx.remote_ip() else { return Vec::new() };
    let subnet = Subnet {
        value: first_nic(cx).and_then(|n| n.subnet_id.as_deref()),
        path: "resource.instanceDetails.networkInterfaces.subnetId",
        hint: "Name=association.subnet-id,Values=<subnet-id>",
    };
    nacl_deny(cx, subnet, ip, &path)
}

/// Types after which the host cannot be trusted again, whatever is found and removed: code ran in
/// the kernel (a rootkit hides processes, files and modules from every tool on the host), or a
/// container broke out onto the host, or code was injected into another process.
const UNTRUSTWORTHY_FAMILIES: &[&str] =
    &["KernelModuleLoaded", "RuncContainerEscape", "CGroupsReleaseAgentModified", "ProcessInjection"];

/// The finding's type says the host can no longer be trusted: it is replaced, never kept.
fn host_cannot_be_trusted(cx: &Ctx) -> bool {
    cx.ty().is_some_and(|t| UNTRUSTWORTHY_FAMILIES.iter().any(|f| t.family_is(f)))
}
