//! Building `icalendar` properties safely from arbitrary text.
//!
//! What the crate does (0.17.17, checked in the tests below): for properties
//! it knows as TEXT (SUMMARY, DESCRIPTION, LOCATION, UID, X-…) it escapes `\`
//! `;` `,` and LF; it does not touch CR or other control characters, does not
//! escape properties it does not know (e.g. NAME, RFC 7986), and quotes a
//! parameter value holding `:` `;` `,` without removing DQUOTE or line breaks.
//! What it lacks is added here: control characters are removed from every
//! value, unknown TEXT properties are escaped by us, and parameter values are
//! stripped of DQUOTE and line breaks.

use super::escape::{clean_text, escape_text, param_clean};
use icalendar::{Property, ValueType};

/// A TEXT property whose value cannot end its line or start another property.
pub(crate) fn text(key: &str, value: &str) -> Property {
    let clean = clean_text(value);
    if crate_escapes(key) {
        Property::new(key, clean)
    } else {
        Property::new(key, escape_text(&clean))
    }
}

/// A property whose value is built here (dates, integers, durations, enums,
/// percent-encoded URIs): passed through unescaped, minus control characters.
pub(crate) fn raw(key: &str, value: &str) -> Property {
    Property::new(key, clean_text(value).replace('\n', ""))
}

/// Adds a parameter, stripped of DQUOTE and line breaks; the crate quotes it
/// when needed.
pub(crate) fn with_param(mut p: Property, key: &str, value: &str) -> Property {
    p.add_parameter(key, &param_clean(value));
    p
}

/// Whether the crate itself escapes the value of `key` as TEXT.
fn crate_escapes(key: &str) -> bool {
    Property::new(key, "").value_type() == Some(ValueType::Text)
        && !key.eq_ignore_ascii_case("CATEGORIES")
        && !key.eq_ignore_ascii_case("RESOURCES")
}

#[cfg(test)]
mod tests {
    use super::*;
    use icalendar::{Calendar, Component, Event};

    fn line(p: Property) -> String {
        let mut ev = Event::new();
        ev.uid("u").add_property("DTSTAMP", "20260101T000000Z");
        ev.append_property(p);
        let cal = Calendar::from([ev.done()]);
        cal.to_string()
            .replace("\r\n ", "")
            .lines()
            .find(|l| l.starts_with("X-T") || l.starts_with("NAME") || l.starts_with("SUMMARY"))
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn the_crate_escapes_known_text_but_not_cr_or_unknown_names() {
        let raw_summary = Property::new("SUMMARY", "a;b,c\\d\ne\rATTENDEE:x");
        assert_eq!(line(raw_summary), "SUMMARY:a\\;b\\,c\\\\d\\ne\rATTENDEE:x");
        assert!(crate_escapes("SUMMARY") && crate_escapes("X-WR-CALNAME"));
        assert!(!crate_escapes("NAME") && !crate_escapes("DTSTART"));
    }

    #[test]
    fn text_properties_are_always_escaped_and_cleaned() {
        let hostile = "a;b,c\\d\r\nATTENDEE:x\u{2028}";
        let want = "a\\;b\\,c\\\\d\\nATTENDEE:x";
        assert_eq!(line(text("SUMMARY", hostile)), format!("SUMMARY:{want}"));
        assert_eq!(line(text("NAME", hostile)), format!("NAME:{want}"));
        assert_eq!(line(text("X-T", hostile)), format!("X-T:{want}"));
    }

    #[test]
    fn parameters_lose_quotes_and_breaks_and_get_quoted() {
        let p = with_param(raw("X-T", "v"), "CN", "a\"b\r\n:c");
        assert_eq!(line(p), "X-T;CN=\"ab:c\":v");
    }
}
