//! Identifier newtypes: an id that exists is valid (1–64 chars of `A-Za-z0-9._-`).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a string was refused as an identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("标识符必须为 1–64 个字符，只能含字母、数字、“-”“_”“.”，且不能以“.”开头，收到 “{0}”")]
pub struct BadId(pub String);

pub(crate) fn check_id(s: &str) -> Result<(), BadId> {
    let ok = !s.is_empty()
        && !s.starts_with('.')
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if ok {
        Ok(())
    } else {
        Err(BadId(s.to_string()))
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Parse an identifier, refusing invalid ones.
            pub fn parse(s: &str) -> Result<Self, BadId> {
                check_id(s)?;
                Ok(Self(s.to_string()))
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl TryFrom<String> for $name {
            type Error = BadId;
            fn try_from(s: String) -> Result<Self, BadId> {
                check_id(&s)?;
                Ok(Self(s))
            }
        }
        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(
    /// A unit (department, township, community …).
    UnitId
);
id_type!(
    /// A cadre.
    PersonId
);
id_type!(
    /// A meeting room.
    RoomId
);
id_type!(
    /// A meeting proposal.
    ProposalId
);
id_type!(
    /// A document proposal.
    DocumentId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_refuse_bad_characters_and_lengths() {
        assert!(UnitId::parse("dongcheng-c01").is_ok());
        assert!(UnitId::parse("").is_err());
        assert!(UnitId::parse("东城").is_err());
        assert!(UnitId::parse("a b").is_err());
        assert!(UnitId::parse(&"x".repeat(65)).is_err());
        assert!(serde_json::from_str::<PersonId>("\"p 1\"").is_err());
    }
}
