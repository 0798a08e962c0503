//! Escaping of TEXT values, parameter values and URIs (RFC 5545 §3.1, §3.3.11),
//! and clean-up of user text for single-line fields.

/// Escapes a TEXT value: `\` `;` `,` are backslash-escaped, LF becomes `\n`,
/// CR and other control characters (except TAB) are dropped. The result holds
/// no line break, so it cannot end its property or start another one.
pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if is_line_breaking(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Removes what no TEXT value may carry: CR and other control characters
/// (except LF, which TEXT escapes as `\n`, and TAB) and the Unicode separators
/// some readers treat as a line end. The `icalendar` crate escapes `\` `;`
/// `,` and LF in TEXT properties but passes CR and other controls through.
pub(crate) fn clean_text(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || !is_line_breaking(c))
        .collect()
}

/// A parameter value: DQUOTE and control characters are removed (RFC 5545 has
/// no escape for them). The `icalendar` crate quotes the result when it holds
/// `:` `;` or `,`, but does not remove DQUOTE or line breaks itself.
pub(crate) fn param_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '"' && c != '\t' && !is_line_breaking(c))
        .collect()
}

/// A URI value (CAL-ADDRESS): printable ASCII except space, DQUOTE and `\`
/// is kept, everything else is percent-encoded, so it stays one token.
pub(crate) fn uri_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if ch.is_ascii_graphic() && ch != '"' && ch != '\\' {
            out.push(ch);
        } else {
            let mut buf = [0u8; 4];
            for b in ch.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// User text meant for one line (titles, names): every control or
/// line-separating character becomes a space and runs of spaces collapse.
pub(crate) fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars() {
        let c = if ch == '\t' || is_line_breaking(ch) {
            ' '
        } else {
            ch
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// At most `max` characters; a cut string ends with “…”.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Control characters, plus the Unicode separators some readers treat as a
/// line end (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR).
fn is_line_breaking(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// RFC 5545 TEXT unescaping, for round-trip checks.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut it = s.chars();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.next() {
                    Some('n') | Some('N') => out.push('\n'),
                    Some(o) => out.push(o),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn text_escaping_follows_rfc5545() {
        assert_eq!(
            escape_text("a\r\nATTENDEE:evil;x,y\\z 中文"),
            "a\\nATTENDEE:evil\\;x\\,y\\\\z 中文"
        );
        assert_eq!(escape_text("x\u{2028}y\u{85}z\u{0}"), "xyz");
    }

    #[test]
    fn parameter_values_are_stripped() {
        assert_eq!(param_clean("区委办"), "区委办");
        assert_eq!(param_clean("a\"b\r\nc"), "abc");
        assert_eq!(param_clean("x:y;z,w"), "x:y;z,w");
    }

    #[test]
    fn clean_text_keeps_lf_and_tab_only() {
        assert_eq!(clean_text("a\r\nb\tc\u{2028}d\u{0}"), "a\nb\tcd");
    }

    #[test]
    fn uris_stay_one_token() {
        assert_eq!(uri_value("office@x.gov.cn"), "office@x.gov.cn");
        assert_eq!(uri_value("a b\r\nX"), "a%20b%0D%0AX");
        assert_eq!(uri_value("办"), "%E5%8A%9E");
    }

    #[test]
    fn one_line_collapses_breaks() {
        assert_eq!(one_line(" a\r\n\tb  c \u{2029}"), "a b c");
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate_chars("一二三", 3), "一二三");
        assert_eq!(truncate_chars("一二三四", 3), "一二…");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_line_break_and_round_trips(s in any::<String>()) {
            let e = escape_text(&s);
            prop_assert!(!e.contains(['\r', '\n']));
            // No unescaped ; or , survives.
            let mut prev_backslash = false;
            for c in e.chars() {
                if !prev_backslash {
                    prop_assert!(c != ';' && c != ',');
                }
                prev_backslash = !prev_backslash && c == '\\';
            }
            let kept: String = s
                .chars()
                .filter(|&c| c == '\n' || c == '\t' || !is_line_breaking(c))
                .collect();
            prop_assert_eq!(unescape(&e), kept);
        }

        #[test]
        fn parameter_values_cannot_break_out(s in any::<String>()) {
            let p = param_clean(&s);
            prop_assert!(!p.contains(['"', '\r', '\n']));
        }
    }
}
