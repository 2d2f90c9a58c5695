//! Disagreements inside one finding that the analyst should hear about: they do not stop the finding
//! from being read, but a command built from the wrong one of two values would act on the wrong
//! thing. Each is a [`Warning`](super::Warning) on the field concerned, saying which value Findlens
//! goes by.

use super::read::Cx;

/// The finding ID inside a GuardDuty finding ARN
/// (`arn:PARTITION:guardduty:REGION:ACCOUNT:detector/DETECTOR/finding/ID`), when it is one.
pub fn id_in_arn(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some("guardduty"), Some(_), Some(_), Some(resource)) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (_, id) = resource.rsplit_once("/finding/")?;
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

/// Whether `s` is an AWS account ID: exactly 12 ASCII digits.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Adds a warning for each disagreement among the finding's top-level identifiers.
pub fn check(cx: &mut Cx, account_id: Option<&str>, arn: Option<&str>, id: Option<&str>) {
    if let (Some(id), Some(in_arn)) = (id, arn.and_then(id_in_arn)) {
        if id != in_arn {
            cx.warn_once(
                "id".into(),
                format!(
                    "`{id}` differs from the finding ID in the finding's ARN (`{in_arn}`); Findlens identifies the finding by its ARN, and commands that need the finding ID use `{id}`"
                ),
            );
        }
    }
    if let Some(account) = account_id.filter(|a| !is_account_id(a)) {
        // An account ID written as a JSON number loses its leading zeros.
        let hint = if !account.is_empty() && account.len() < 12 && account.bytes().all(|b| b.is_ascii_digit()) {
            " (written as a number, it may have lost leading zeros)"
        } else {
            ""
        };
        cx.warn_once(
            "accountId".into(),
            format!("`{account}` is not 12 digits, as AWS account IDs are{hint}; it is shown and used in commands as given: check it before running them"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_id_from_arn() {
        assert_eq!(id_in_arn("arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/f1"), Some("f1"));
        assert_eq!(id_in_arn("arn:aws-cn:guardduty:cn-north-1:111122223333:detector/d1/finding/f1"), Some("f1"));
        assert_eq!(id_in_arn("arn:aws:guardduty:us-east-1:111122223333:detector/d1"), None);
        assert_eq!(id_in_arn("arn:aws:s3:::bucket/finding/x"), None);
        assert_eq!(id_in_arn("arn:aws:guardduty:us-east-1:111122223333:detector/d1/finding/"), None);
        assert_eq!(id_in_arn("not an arn"), None);
    }

    #[test]
    fn account_shapes() {
        assert!(is_account_id("111122223333"));
        assert!(!is_account_id("11112222333"));
        assert!(!is_account_id("1111222233334"));
        assert!(!is_account_id("11112222333a"));
        assert!(!is_account_id(""));
    }

    #[test]
    fn notes_say_which_value_is_used() {
        let mut cx = Cx::default();
        check(
            &mut cx,
            Some("12345678901"),
            Some("arn:aws:guardduty:us-east-1:012345678901:detector/d/finding/abc"),
            Some("abd"),
        );
        let w: Vec<String> = cx.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].starts_with("id: `abd` differs from the finding ID in the finding's ARN (`abc`)"), "{w:?}");
        assert!(w[1].starts_with("accountId: `12345678901` is not 12 digits"), "{w:?}");
        assert!(w[1].contains("leading zeros"), "{w:?}");

        let mut cx = Cx::default();
        check(
            &mut cx,
            Some("111122223333"),
            Some("arn:aws:guardduty:us-east-1:111122223333:detector/d/finding/abc"),
            Some("abc"),
        );
        assert!(cx.warnings.is_empty());
    }
}
