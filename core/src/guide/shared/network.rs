//! Network containment every scenario words the same way: a dedicated isolation security group
//! that allows nothing (both default outbound rules removed, then checked), and deny rules at a
//! subnet's network ACL for a remote address, which, unlike security groups, also cut
//! connections that are already open.

use crate::guide::ctx::Ctx;
use crate::guide::model::Command;

/// The hint of the isolation group's ID blank.
pub const GROUP_ID_HINT: &str = "the GroupId that create-security-group printed (sg-…)";

/// Where the isolation group's VPC comes from: the finding's value and its path, or a hint to
/// find it.
pub struct Vpc<'a> {
    pub value: Option<&'a str>,
    pub path: &'a str,
    pub hint: &'a str,
}

/// Create the isolation group in `vpc` and remove both allow-all outbound rules a new group starts
/// with. `name` is the group's name when the finding gives one (`isolation-i-0abc`), else the
/// analyst chooses it. The caller adds any inbound rule it offers, then [`check_isolation_group`]
/// as the last command before the attach, so the check sees the group as it will be attached.
pub fn isolation_group(cx: &Ctx, name: Option<(&str, &str)>, vpc: Vpc) -> Vec<Command> {
    let create = cx
        .cmd("Create a dedicated isolation security group; a new group has no inbound rules")
        .t("aws ec2 create-security-group --group-name ");
    let create = match name {
        Some((value, path)) => create.v(value, path),
        None => create.choose(
            "isolation-group-name",
            "a name for the group, such as isolation-<incident-id> (letters, digits, dots, dashes)",
        ),
    };
    vec![
        create
            .t(" --description 'Incident isolation: no traffic in or out' --vpc-id ")
            .v_or(vpc.value, vpc.path, "vpc-id", vpc.hint)
            .t(" --query GroupId --output text")
            .build(),
        cx.cmd("Remove the IPv4 allow-all outbound rule every new group starts with")
            .t("aws ec2 revoke-security-group-egress --group-id ")
            .output("isolation-group-id", GROUP_ID_HINT)
            .t(" --ip-permissions '[{\"IpProtocol\":\"-1\",\"IpRanges\":[{\"CidrIp\":\"0.0.0.0/0\"}]}]'")
            .build(),
        cx.cmd("Remove the IPv6 allow-all outbound rule a new group also gets in a VPC with IPv6; where there is none, this fails with InvalidPermission.NotFound, which does no harm")
            .t("aws ec2 revoke-security-group-egress --group-id ")
            .output("isolation-group-id", GROUP_ID_HINT)
            .t(" --ip-permissions '[{\"IpProtocol\":\"-1\",\"Ipv6Ranges\":[{\"CidrIpv6\":\"::/0\"}]}]'")
            .build(),
    ]
}

/// Check the isolation group just before it is attached: no outbound rule, and inbound only what
/// was added on purpose.
pub fn check_isolation_group(cx: &Ctx) -> Command {
    cx.cmd("Check the isolation group before you attach it: no outbound rule at all, and inbound only what you added on purpose")
        .t("aws ec2 describe-security-groups --group-ids ")
        .output("isolation-group-id", GROUP_ID_HINT)
        .t(" --query 'SecurityGroups[].{Inbound:IpPermissions,Outbound:IpPermissionsEgress}'")
        .build()
}

/// Where the network ACL's subnet comes from.
pub struct Subnet<'a> {
    pub value: Option<&'a str>,
    pub path: &'a str,
    pub hint: &'a str,
}

/// Deny `ip` (from `ip_path`) in both directions at the network ACL of `subnet`. `scope` names
/// what else the rule reaches ("every instance in the subnet").
pub fn nacl_deny(cx: &Ctx, subnet: Subnet, ip: &str, ip_path: &str) -> Vec<Command> {
    let cidr = if ip.contains(':') { format!("{ip}/128") } else { format!("{ip}/32") };
    let flag = if ip.contains(':') { "--ipv6-cidr-block" } else { "--cidr-block" };
    let mut commands = vec![cx
        .cmd("Find the network ACL of the subnet")
        .t("aws ec2 describe-network-acls --filters ")
        .v_or(
            subnet.value.map(|s| format!("Name=association.subnet-id,Values={s}")).as_deref(),
            subnet.path,
            "subnet-filter",
            subnet.hint,
        )
        .t(" --query 'NetworkAcls[].NetworkAclId'")
        .build()];
    for (direction, word) in [("--ingress", "inbound"), ("--egress", "outbound")] {
        commands.push(
            cx.cmd(format!(
                "Deny the remote address {word} at the subnet's network ACL: this cuts connections already open too, for every resource in the subnet"
            ))
            .t("aws ec2 create-network-acl-entry --network-acl-id ")
            .output("network-acl-id", "the NetworkAclId printed by describe-network-acls")
            .t(&format!(" {direction} --rule-number "))
            .choose("rule-number", "a number lower than the ACL's allow rules, e.g. 50")
            .t(" --protocol -1 --rule-action deny ")
            .t(flag)
            .t(" ")
            .v(&cidr, ip_path)
            .build(),
        );
    }
    commands
}
