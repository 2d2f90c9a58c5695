//! Security Hub (ASFF `Types[]`) and OCSF (`finding_info.types`) spell GuardDuty's type as a
//! taxonomy path whose last part replaces the `/` after the resource: `TTPs/Initial
//! Access/UnauthorizedAccess:EC2-SSHBruteForce` or `Software and Configuration
//! Checks/Backdoor:EC2.C&CActivity.B`. This turns them back into `UnauthorizedAccess:EC2/SSHBruteForce`.

/// The GuardDuty type inside a taxonomy path, or `None` when no part of it looks like one.
pub fn from_taxonomy(path: &str) -> Option<String> {
    // The type is the part with a `:` in it. Taxonomy parts have no `:`; the type may already
    // contain a `/` (some exporters keep it), so join what follows the `:` part back on.
    let parts: Vec<&str> = path.split('/').collect();
    let i = parts.iter().position(|p| p.contains(':'))?;
    let tail = parts[i..].join("/");
    let (purpose, rest) = tail.split_once(':')?;
    if purpose.is_empty() || !purpose.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    if rest.contains('/') {
        return Some(tail);
    }
    let res_len = rest.chars().take_while(char::is_ascii_alphanumeric).count();
    let (resource, after) = rest.split_at(res_len);
    let family = after.strip_prefix(['-', '.'])?;
    if resource.is_empty() || family.is_empty() {
        return None;
    }
    Some(format!("{purpose}:{resource}/{family}"))
}

#[cfg(test)]
mod tests {
    use super::from_taxonomy;

    #[test]
    fn asff_and_ocsf_spellings() {
        let cases = [
            ("TTPs/Initial Access/UnauthorizedAccess:EC2-SSHBruteForce", "UnauthorizedAccess:EC2/SSHBruteForce"),
            ("Software and Configuration Checks/Backdoor:EC2.C&CActivity.B", "Backdoor:EC2/C&CActivity.B"),
            (
                "TTPs/Defense Evasion/Stealth:IAMUser-CloudTrailLoggingDisabled",
                "Stealth:IAMUser/CloudTrailLoggingDisabled",
            ),
            ("TTPs/Policy:IAMUser-RootCredentialUsage", "Policy:IAMUser/RootCredentialUsage"),
            ("Effects/Data Exfiltration/Trojan:EC2-DNSDataExfiltration!DNS", "Trojan:EC2/DNSDataExfiltration!DNS"),
            ("TTPs/Backdoor:EC2/C&CActivity.B!DNS", "Backdoor:EC2/C&CActivity.B!DNS"),
        ];
        for (input, want) in cases {
            assert_eq!(from_taxonomy(input).as_deref(), Some(want), "{input}");
        }
        assert_eq!(from_taxonomy("Sensitive Data Identifications/PII"), None);
    }
}
