//! Release numbers and the category each number implies: major `X.0`, minor `X.Y`,
//! emergency `X.Y.Z`, each one step after the service's latest release of that line.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// How big a release is; the policy derives the version number from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// New hardware or software, usually new functionality: `2.0`.
    Major,
    /// Significant improvements to existing functionality, often a bundle of fixes: `1.1`.
    Minor,
    /// A fix that cannot wait: `1.1.1`.
    Emergency,
}

impl Category {
    /// Every category, in order of size.
    pub const ALL: [Category; 3] = [Category::Major, Category::Minor, Category::Emergency];

    /// The word a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Category::Major => "major",
            Category::Minor => "minor",
            Category::Emergency => "emergency",
        }
    }
}

/// A release number `major.minor[.patch]`; a patch of 0 is not written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// The major line.
    pub major: u32,
    /// The minor step within the major line.
    pub minor: u32,
    /// The emergency fix within the minor line; 0 when there is none.
    pub patch: u32,
}

impl Version {
    /// A version from its three parts.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The category this number's shape implies: `X.0` major, `X.Y` minor, `X.Y.Z` emergency.
    pub fn implied_category(self) -> Category {
        if self.patch > 0 {
            Category::Emergency
        } else if self.minor > 0 {
            Category::Minor
        } else {
            Category::Major
        }
    }

    /// The number one step after `latest` for a release of `category`. At the largest
    /// number a part holds it stays there: that number is taken, so a release asking for it
    /// is refused with the policy's reason rather than wrapped to 0.
    pub fn next_after(latest: Version, category: Category) -> Version {
        match category {
            Category::Major => Version::new(latest.major.saturating_add(1), 0, 0),
            Category::Minor => Version::new(latest.major, latest.minor.saturating_add(1), 0),
            Category::Emergency => {
                Version::new(latest.major, latest.minor, latest.patch.saturating_add(1))
            }
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.patch > 0 {
            write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
        } else {
            write!(f, "{}.{}", self.major, self.minor)
        }
    }
}

/// Why a text is not a version number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VersionSyntaxError(pub String);

impl fmt::Display for VersionSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "“{}” is not a release number; write it as 2.0, 1.1 or 1.1.1",
            self.0
        )
    }
}

impl FromStr for Version {
    type Err = VersionSyntaxError;

    /// Reads `2`, `2.0`, `v1.1`, `1.1.1`; anything else is refused.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || VersionSyntaxError(text.to_owned());
        let trimmed = text.trim();
        let digits = trimmed.strip_prefix(['v', 'V']).unwrap_or(trimmed);
        let mut parts = [0u32; 3];
        for (count, part) in digits.split('.').enumerate() {
            if count == 3 || part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            parts[count] = part.parse().map_err(|_| err())?;
        }
        Ok(Version::new(parts[0], parts[1], parts[2]))
    }
}

impl Serialize for Version {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_three_shapes() {
        for (text, shown) in [
            ("2", "2.0"),
            ("v2.0", "2.0"),
            ("1.1", "1.1"),
            ("1.1.1", "1.1.1"),
        ] {
            let version: Version = text.parse().expect("valid");
            assert_eq!(version.to_string(), shown);
        }
        for bad in ["", "1.", "a.b", "1.2.3.4", "-1", "v"] {
            assert!(bad.parse::<Version>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn next_number_follows_the_category() {
        let latest = Version::new(1, 1, 0);
        assert_eq!(
            Version::next_after(latest, Category::Major),
            Version::new(2, 0, 0)
        );
        assert_eq!(
            Version::next_after(latest, Category::Minor),
            Version::new(1, 2, 0)
        );
        assert_eq!(
            Version::next_after(latest, Category::Emergency),
            Version::new(1, 1, 1)
        );
        assert_eq!(
            Version::new(1, 1, 1).implied_category(),
            Category::Emergency
        );
    }
}
