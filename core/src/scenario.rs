//! Remediation scenarios: the keys analysts and the CLI see (`decisions.md`), generated from the
//! registry `core/data/scenarios.tsv`, and the catalog's `runtime`, which stands for one of four keys depending on the resource a finding lands on.

use std::fmt;

// `ScenarioKey`, `ALL`, `as_str`, `title`, `doc_page`, `sample`, `for_resource_type` and
// `for_sequence_resource`, generated from the registry `core/data/scenarios.tsv`.
include!(concat!(env!("OUT_DIR"), "/scenario_generated.rs"));

impl ScenarioKey {
    pub fn parse(s: &str) -> Option<ScenarioKey> {
        ScenarioKey::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// AWS's remediation page for the scenario.
    pub fn doc_url(self) -> String {
        format!("https://docs.aws.amazon.com/guardduty/latest/ug/{}", self.doc_page())
    }
}

impl fmt::Display for ScenarioKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scenario as the catalog names it: a key, or `runtime`, resolved by the finding's resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CatalogScenario {
    Key(ScenarioKey),
    Runtime,
}

impl CatalogScenario {
    pub fn parse(s: &str) -> Option<CatalogScenario> {
        if s == "runtime" {
            Some(CatalogScenario::Runtime)
        } else {
            ScenarioKey::parse(s).map(CatalogScenario::Key)
        }
    }

    /// Resolves `runtime` by `resource.resourceType` (Instance → ec2-runtime, EKSCluster →
    /// eks-runtime, ECSCluster → ecs-runtime, Container → standalone-container). An unknown or
    /// missing resource type falls back to `ec2-runtime`, the agent's most common home.
    pub fn resolve(self, resource_type: Option<&str>) -> ScenarioKey {
        match self {
            CatalogScenario::Key(k) => k,
            CatalogScenario::Runtime => match resource_type {
                Some("EKSCluster") => ScenarioKey::EksRuntime,
                Some("ECSCluster") => ScenarioKey::EcsRuntime,
                Some("Container") => ScenarioKey::StandaloneContainer,
                _ => ScenarioKey::Ec2Runtime,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_row_is_complete() {
        for key in ScenarioKey::ALL {
            assert_eq!(ScenarioKey::parse(key.as_str()), Some(key));
            assert!(!key.title().is_empty());
            assert!(key.doc_url().starts_with("https://docs.aws.amazon.com/guardduty/latest/ug/"));
            let sample =
                crate::samples::find(key.sample()).unwrap_or_else(|| panic!("{key}: no sample {}", key.sample()));
            assert_eq!(sample.scenario, key, "{key}: its sample opens with another scenario");
        }
        assert_eq!(ScenarioKey::for_resource_type("Instance"), Some(ScenarioKey::Ec2Instance));
        assert_eq!(ScenarioKey::for_sequence_resource("EKS_CLUSTER"), Some(ScenarioKey::EksAudit));
        assert_eq!(ScenarioKey::for_resource_type("Nothing"), None);
    }
}
