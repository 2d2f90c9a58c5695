#!/usr/bin/env python3
"""Trims botocore's service models to the operations Findlens's guides use (and some they are
likely to use soon), for the `aws_api` test. Standard library only.

Usage (from this folder):
    pip download --no-deps -d /tmp/bc botocore==<version>
    python3 trim.py /tmp/bc/botocore-<version>-py3-none-any.whl .

Writes `<service>.json` for every service below and `guardduty-filterable-fields.txt`.

Each output keeps botocore's layout (`metadata`, `operations`, `shapes`) with only the input
shapes the kept operations reach, each shape reduced to what validating a command needs:
`type`, `members` (with `shape`, `locationName`, `queryName`, `idempotencyToken`, `streaming`),
`required`, `enum`, `member`/`key`/`value`, `min`/`max`. Documentation is dropped, except
GuardDuty's `CreateFilterRequest.FindingCriteria`, whose text lists the filterable
fields. Next to it, `paginators` holds botocore's paginator entries for the kept operations (the CLI
adds --starting-token/--page-size/--max-items to those), and `x-findlens` holds facts derived here
with botocore's own code paths re-implemented in Python: `xform` (botocore.xform_name(name, "-") of
every kept operation and top-level input member, to check the test's port of it) and
`streaming-output` (operations whose output payload streams: the CLI takes an outfile for those).
"""

import gzip
import json
import os
import re
import sys
import zipfile

# botocore model directory -> PascalCase operation names.
OPERATIONS = {
    "autoscaling": [
        "DescribeAutoScalingGroups", "DescribeAutoScalingInstances", "DetachInstances", "EnterStandby",
        "ExitStandby", "ResumeProcesses", "SetInstanceHealth", "SetInstanceProtection", "SuspendProcesses",
        "UpdateAutoScalingGroup",
    ],
    "backup": [
        "DeleteRecoveryPoint", "DescribeBackupVault", "DescribeRecoveryPoint", "GetBackupVaultAccessPolicy",
        "GetRecoveryPointRestoreMetadata", "ListRecoveryPointsByBackupVault", "ListRecoveryPointsByResource",
        "ListRestoreTestingPlans", "ListTags", "PutBackupVaultAccessPolicy", "TagResource", "UntagResource",
        "UpdateRecoveryPointLifecycle", "StartRestoreJob",
        # review2-data: the backup plan's selection, and lifting a vault hold for a restore.
        "CreateBackupSelection", "DeleteBackupSelection", "DeleteBackupVaultAccessPolicy", "GetBackupSelection",
        "ListBackupSelections",
    ],
    "cloudtrail": ["DescribeTrails", "GetEventSelectors", "GetTrailStatus", "LookupEvents"],
    "ec2": [
        "AuthorizeSecurityGroupEgress", "AuthorizeSecurityGroupIngress", "CopySnapshot", "CreateImage",
        "CreateNetworkAclEntry", "CreateSecurityGroup", "CreateSnapshot", "CreateSnapshots", "CreateTags",
        "DeleteNetworkAclEntry", "DeleteSnapshot", "DeleteTags", "DeregisterImage",
        "DescribeFlowLogs", "DescribeIamInstanceProfileAssociations", "DescribeImageAttribute",
        "DescribeImages", "DescribeInstanceAttribute", "DescribeInstances", "DescribeNetworkAcls",
        "DescribeNetworkInterfaces", "DescribeSecurityGroupRules", "DescribeSecurityGroups",
        "DescribeSnapshotAttribute", "DescribeSnapshots", "DescribeSubnets", "DescribeTags", "DescribeVolumes",
        "DescribeVpcs", "DisableImage", "DisassociateIamInstanceProfile", "GetConsoleOutput",
        "GetConsoleScreenshot", "ModifyImageAttribute", "ModifyInstanceAttribute",
        "ModifyInstanceMetadataOptions", "ModifyNetworkInterfaceAttribute", "ModifySnapshotAttribute",
        "ReplaceIamInstanceProfileAssociation", "ReplaceNetworkAclEntry", "RevokeSecurityGroupEgress",
        "RevokeSecurityGroupIngress", "StopInstances", "TerminateInstances",
        # review2-data: launch templates that start an infected image.
        "DescribeLaunchTemplateVersions",
    ],
    "ecr": [
        "BatchDeleteImage", "BatchGetImage", "DescribeImageScanFindings", "DescribeImages", "ListImages",
        "PutImageTagMutability",
    ],
    "ecs": [
        "DeregisterTaskDefinition", "DescribeClusters", "DescribeContainerInstances", "DescribeServices",
        "DescribeTaskDefinition", "DescribeTasks", "ListServices", "ListTasks", "RegisterTaskDefinition", "StopTask",
        "UpdateContainerInstancesState", "UpdateService",
    ],
    "eks": [
        "DeleteAccessEntry", "DescribeAccessEntry", "DescribeCluster", "DescribeNodegroup",
        "DisassociateAccessPolicy", "ListAccessEntries", "ListAssociatedAccessPolicies",
        "ListIdentityProviderConfigs", "ListNodegroups", "ListPodIdentityAssociations", "UpdateClusterConfig",
        "DescribePodIdentityAssociation",
    ],
    "guardduty": [
        "ArchiveFindings", "CreateFilter", "DeleteFilter", "DescribeMalwareScans", "GetDetector", "GetFilter",
        "GetFindings", "GetMalwareScan", "ListCoverage", "ListDetectors", "ListFilters", "ListFindings",
        "ListMalwareScans", "SendObjectMalwareScan", "StartMalwareScan", "UnarchiveFindings", "UpdateFilter",
        "UpdateFindingsFeedback",
    ],
    "iam": [
        "AttachRolePolicy", "AttachUserPolicy", "CreateAccessKey", "DeactivateMFADevice", "DeleteAccessKey",
        "DeleteLoginProfile", "DeleteRolePolicy", "DeleteUserPolicy", "DetachRolePolicy", "DetachUserPolicy",
        "GenerateServiceLastAccessedDetails", "GetAccessKeyLastUsed", "GetInstanceProfile", "GetLoginProfile",
        "GetRole", "GetServiceLastAccessedDetails", "GetUser", "ListAccessKeys", "ListAttachedRolePolicies",
        "ListAttachedUserPolicies", "ListGroupsForUser", "ListInstanceProfilesForRole", "ListMFADevices",
        "ListRolePolicies", "ListSSHPublicKeys", "ListServiceSpecificCredentials", "ListSigningCertificates",
        "ListUserPolicies", "PutRolePolicy", "PutUserPolicy", "UpdateAccessKey",
    ],
    "inspector2": ["ListFindings"],
    "lambda": [
        "DeleteFunction", "DeleteFunctionConcurrency", "DeleteFunctionEventInvokeConfig",
        "DeleteFunctionUrlConfig", "GetAlias", "GetFunction", "GetFunctionConfiguration",
        "GetFunctionUrlConfig", "GetPolicy", "ListAliases", "ListEventSourceMappings", "ListFunctionUrlConfigs",
        "ListVersionsByFunction", "PublishVersion", "PutFunctionConcurrency", "RemovePermission", "UpdateAlias",
        "UpdateEventSourceMapping", "UpdateFunctionCode", "UpdateFunctionConfiguration", "GetFunctionEventInvokeConfig",
        "GetLayerVersionByArn",
    ],
    "logs": [
        "CreateExportTask", "DescribeLogGroups", "DescribeLogStreams", "FilterLogEvents", "GetLogEvents",
        "GetQueryResults", "StartQuery",
    ],
    "macie2": ["CreateClassificationJob"],
    "rds": [
        "CreateDBClusterSnapshot", "CreateDBSnapshot", "DescribeDBClusterSnapshots", "DescribeDBClusters",
        "DescribeDBInstances", "DescribeDBLogFiles", "DescribeDBShardGroups", "DescribeDBSnapshots",
        "DescribeEvents", "DownloadDBLogFilePortion", "ModifyDBCluster", "ModifyDBClusterSnapshotAttribute",
        "ModifyDBInstance", "ModifyDBSnapshotAttribute", "RebootDBInstance", "StopDBInstance",
    ],
    "route53resolver": [
        "AssociateFirewallRuleGroup", "CreateFirewallDomainList", "CreateFirewallRule", "CreateFirewallRuleGroup",
        "ListFirewallDomainLists", "ListFirewallDomains", "ListFirewallRuleGroupAssociations",
        "ListFirewallRuleGroups", "ListFirewallRules", "UpdateFirewallDomains",
    ],
    "s3": [
        "CopyObject", "DeleteBucketCors", "DeleteBucketPolicy", "DeleteObject", "GetBucketAcl", "GetBucketCors",
        "GetBucketEncryption", "GetBucketLocation", "GetBucketLogging", "GetBucketNotificationConfiguration",
        "GetBucketOwnershipControls", "GetBucketPolicy", "GetBucketPolicyStatus", "GetBucketReplication",
        "GetBucketVersioning", "GetObject", "GetObjectAcl", "GetObjectLegalHold", "GetObjectLockConfiguration",
        "GetObjectRetention", "GetObjectTagging", "GetPublicAccessBlock", "HeadObject", "ListObjectVersions",
        "ListObjectsV2", "PutBucketAcl", "PutBucketLogging", "PutBucketOwnershipControls", "PutBucketPolicy",
        "PutBucketVersioning", "PutObjectAcl", "PutObjectLegalHold", "PutObjectLockConfiguration",
        "PutObjectRetention", "PutObjectTagging", "PutPublicAccessBlock", "GetBucketLifecycleConfiguration",
        "PutBucketLifecycleConfiguration", "DeleteBucketLifecycle",
    ],
    "s3control": ["GetPublicAccessBlock", "PutPublicAccessBlock"],
    "secretsmanager": ["DescribeSecret", "GetResourcePolicy", "ListSecrets", "RotateSecret"],
    "ssm": [
        "DescribeInstanceInformation", "GetCommandInvocation", "ListCommandInvocations", "SendCommand",
        "StartSession",
    ],
    "sts": ["DecodeAuthorizationMessage", "GetAccessKeyInfo", "GetCallerIdentity"],
}

SHAPE_KEYS = ("type", "required", "enum", "min", "max", "streaming", "document")
MEMBER_KEYS = ("shape", "locationName", "queryName", "idempotencyToken", "streaming")
# Documentation kept: (shape, member). Its text lists the fields findings can be filtered on.
KEEP_DOC = {("CreateFilterRequest", "FindingCriteria")}

# botocore/__init__.py: xform_name and its regexes, for the cross-check.
_first_cap_regex = re.compile("(.)([A-Z][a-z]+)")
_end_cap_regex = re.compile("([a-z0-9])([A-Z])")
_special_case_transform = re.compile("[A-Z]{2,}s$")


def xform_name(name, sep="-"):
    if sep in name:
        return name
    special = _special_case_transform.search(name)
    if special is not None:
        matched = special.group()
        name = f"{name[: -len(matched)]}{sep}{matched.lower()}"
    s1 = _first_cap_regex.sub(r"\1" + sep + r"\2", name)
    return _end_cap_regex.sub(r"\1" + sep + r"\2", s1).lower()


class Source:
    """botocore's data folder, read from the wheel or from an unpacked folder."""

    def __init__(self, path):
        self.zip = zipfile.ZipFile(path) if path.endswith(".whl") else None
        self.root = path

    def names(self, prefix):
        if self.zip:
            return sorted({n[len(prefix):].split("/")[0] for n in self.zip.namelist() if n.startswith(prefix)})
        return sorted(os.listdir(os.path.join(self.root, prefix)))

    def read(self, name):
        if self.zip:
            return self.zip.read(name)
        with open(os.path.join(self.root, name), "rb") as f:
            return f.read()

    def version(self):
        if self.zip:
            for n in self.zip.namelist():
                m = re.match(r"botocore-([^/]+)\.dist-info/METADATA$", n)
                if m:
                    return m.group(1)
        text = self.read("botocore/__init__.py").decode()
        return re.search(r"__version__ = '([^']+)'", text).group(1)


def trim(src, service, ops):
    api = src.names(f"botocore/data/{service}/")[-1]
    base = f"botocore/data/{service}/{api}/"
    model = json.loads(gzip.decompress(src.read(base + "service-2.json.gz")))
    try:
        paginators = json.loads(src.read(base + "paginators-1.json"))["pagination"]
    except KeyError:
        paginators = {}
    shapes = model["shapes"]
    out_shapes = {}

    def visit(name):
        if name in out_shapes:
            return
        shape = shapes[name]
        kept = {k: shape[k] for k in SHAPE_KEYS if k in shape}
        out_shapes[name] = kept
        if "members" in shape:
            kept["members"] = {}
            for mname, member in shape["members"].items():
                m = {k: member[k] for k in MEMBER_KEYS if k in member}
                if (name, mname) in KEEP_DOC:
                    m["documentation"] = member["documentation"]
                kept["members"][mname] = m
                visit(member["shape"])
        for key in ("member", "key", "value"):
            if key in shape:
                kept[key] = {k: shape[key][k] for k in MEMBER_KEYS if k in shape[key]}
                visit(shape[key]["shape"])

    out_ops, xform, streaming = {}, {}, []
    for op in ops:
        if op not in model["operations"]:
            sys.exit(f"{service}: no operation {op}")
        o = model["operations"][op]
        out_ops[op] = {"name": op}
        xform[op] = xform_name(op)
        if "input" in o:
            out_ops[op]["input"] = {"shape": o["input"]["shape"]}
            visit(o["input"]["shape"])
            for mname in shapes[o["input"]["shape"]].get("members", {}):
                xform[mname] = xform_name(mname)
        output = shapes.get(o.get("output", {}).get("shape", ""), {})
        payload = output.get("payload")
        # botocore's OperationModel.has_streaming_output: the output's payload member is a blob.
        if payload and shapes[output["members"][payload]["shape"]]["type"] == "blob":
            streaming.append(op)
    meta = {k: model["metadata"][k] for k in ("apiVersion", "endpointPrefix", "protocol", "serviceId")}
    return {
        "metadata": meta,
        "operations": out_ops,
        "shapes": dict(sorted(out_shapes.items())),
        "paginators": {op: paginators[op] for op in ops if op in paginators},
        "x-findlens": {"xform": dict(sorted(xform.items())), "streaming-output": streaming},
    }


def filterable_fields(guardduty):
    """The fields listed in GuardDuty's CreateFilterRequest.FindingCriteria documentation."""
    doc = guardduty["shapes"]["CreateFilterRequest"]["members"]["FindingCriteria"]["documentation"]
    return [f for f in re.findall(r"<li> <p>([^<]*)</p>", doc) if re.fullmatch(r"[A-Za-z0-9_.]+", f)]


def main():
    src, out = Source(sys.argv[1]), sys.argv[2]
    version = src.version()
    for service, ops in OPERATIONS.items():
        trimmed = trim(src, service, sorted(ops))
        with open(os.path.join(out, f"{service}.json"), "w") as f:
            json.dump(trimmed, f, indent=1, sort_keys=False)
            f.write("\n")
        if service == "guardduty":
            with open(os.path.join(out, "guardduty-filterable-fields.txt"), "w") as f:
                f.write(f"# botocore {version}: guardduty CreateFilterRequest.FindingCriteria documentation\n")
                f.write("".join(x + "\n" for x in filterable_fields(trimmed)))
    print(f"botocore {version}: {sum(len(o) for o in OPERATIONS.values())} operations in {len(OPERATIONS)} services")


if __name__ == "__main__":
    main()
