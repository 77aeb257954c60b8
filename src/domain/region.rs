//! The regional domains of the IM REST API (im-api.md §1.2, seed document).
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A data centre of Tencent Cloud IM. An app's SDKAppID lives in exactly one;
/// calling another region's domain fails with confusing errors (70016, 70020),
/// so the region is an explicit per-app setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    China,
    Singapore,
    Seoul,
    Frankfurt,
    SiliconValley,
    Jakarta,
    Tokyo,
    Mumbai,
}

impl Region {
    pub const ALL: [Region; 8] = [
        Region::China,
        Region::Singapore,
        Region::Seoul,
        Region::Frankfurt,
        Region::SiliconValley,
        Region::Jakarta,
        Region::Tokyo,
        Region::Mumbai,
    ];

    /// The REST API host of this region.
    pub fn host(self) -> &'static str {
        match self {
            Region::China => "console.tim.qq.com",
            Region::Singapore => "adminapisgp.im.qcloud.com",
            Region::Seoul => "adminapikr.im.qcloud.com",
            Region::Frankfurt => "adminapiger.im.qcloud.com",
            Region::SiliconValley => "adminapiusa.im.qcloud.com",
            Region::Jakarta => "adminapiidn.im.qcloud.com",
            Region::Tokyo => "adminapijpn.im.qcloud.com",
            Region::Mumbai => "adminapiind.im.qcloud.com",
        }
    }

    /// Whether the seed document lists this domain. Tokyo appears only in newer
    /// partial pages and Mumbai is missing from the newest ones, so the operator
    /// is asked to check the domain in their console.
    pub fn confirmed(self) -> bool {
        !matches!(self, Region::Tokyo | Region::Mumbai)
    }

    /// The stable name used in configuration files.
    pub fn as_str(self) -> &'static str {
        match self {
            Region::China => "china",
            Region::Singapore => "singapore",
            Region::Seoul => "seoul",
            Region::Frankfurt => "frankfurt",
            Region::SiliconValley => "silicon-valley",
            Region::Jakarta => "jakarta",
            Region::Tokyo => "tokyo",
            Region::Mumbai => "mumbai",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown region `{0}`; expected one of china, singapore, seoul, frankfurt, silicon-valley, jakarta, tokyo, mumbai")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Region::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| UnknownRegion(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_round_trips_through_its_name() {
        for r in Region::ALL {
            assert_eq!(r.as_str().parse::<Region>().unwrap(), r);
        }
    }

    #[test]
    fn names_are_forgiving_about_case_and_underscores() {
        assert_eq!(
            "Silicon_Valley".parse::<Region>().unwrap(),
            Region::SiliconValley
        );
        assert!("mars".parse::<Region>().is_err());
    }

    #[test]
    fn seed_document_hosts() {
        assert_eq!(Region::China.host(), "console.tim.qq.com");
        assert_eq!(Region::Jakarta.host(), "adminapiidn.im.qcloud.com");
        assert!(Region::Jakarta.confirmed());
        assert!(!Region::Tokyo.confirmed());
        assert!(!Region::Mumbai.confirmed());
    }
}
