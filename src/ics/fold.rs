//! A strict content-line writer (RFC 5545 §3.1): values are escaped by the
//! caller's choice of method, every physical line is at most 75 octets, folds
//! never split a UTF-8 character, lines end with CRLF and none is blank.

use super::escape::{escape_text, param_value};

/// Longest physical line, in octets, excluding the CRLF.
pub(crate) const MAX_LINE_OCTETS: usize = 75;

/// Accumulates folded content lines.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    out: String,
}

impl Lines {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// A property whose value is already in its serialised form (dates,
    /// integers, durations, enumerated values). Only for values built here.
    pub(crate) fn raw(&mut self, name: &str, value: &str) {
        self.raw_with(name, &[], value);
    }

    /// Like [`Lines::raw`], with parameters; parameter values are sanitised.
    pub(crate) fn raw_with(&mut self, name: &str, params: &[(&str, &str)], value: &str) {
        let mut line = String::with_capacity(name.len() + value.len() + 8);
        line.push_str(name);
        for (k, v) in params {
            line.push(';');
            line.push_str(k);
            line.push('=');
            line.push_str(&param_value(v));
        }
        line.push(':');
        line.push_str(value);
        self.push_folded(&line);
    }

    /// A TEXT property: the value is escaped, so nothing in it can end the line
    /// or start another property.
    pub(crate) fn text(&mut self, name: &str, value: &str) {
        self.raw(name, &escape_text(value));
    }

    pub(crate) fn begin(&mut self, component: &str) {
        self.raw("BEGIN", component);
    }

    pub(crate) fn end(&mut self, component: &str) {
        self.raw("END", component);
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }

    fn push_folded(&mut self, line: &str) {
        debug_assert!(!line.contains(['\r', '\n']), "unescaped line break");
        fold_into(&mut self.out, line);
    }
}

/// Appends `line` folded to at most [`MAX_LINE_OCTETS`] octets per physical
/// line (a continuation line's leading space included), each ended by CRLF.
/// Folds fall between characters, and never inside a backslash escape such
/// as `\n` or `\;` (RFC 5545 allows it, but some readers unescape before
/// unfolding).
pub(crate) fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    let mut rest = line;
    while let Some(first) = rest.chars().next() {
        let mut len = first.len_utf8();
        if first == '\\' {
            len += rest[len..].chars().next().map_or(0, char::len_utf8);
        }
        if used + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(&rest[..len]);
        used += len;
        rest = &rest[len..];
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fold(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("SUMMARY:会议"), "SUMMARY:会议\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        assert_eq!(fold(&"X".repeat(76)), format!("{exact}\r\n X\r\n"));
    }

    #[test]
    fn chinese_is_folded_between_characters() {
        // "SUMMARY:" is 8 octets; each 汉 is 3, so 22 fit (74 octets) and the
        // 23rd would make 77.
        let folded = fold(&format!("SUMMARY:{}", "汉".repeat(60)));
        let lines: Vec<&str> = folded.split_terminator("\r\n").collect();
        assert_eq!(lines[0].len(), 74);
        // continuation: 1 space + 24 × 3 = 73 octets (a 25th would make 76)
        assert_eq!(lines[1].len(), 73);
        assert!(lines.iter().all(|l| l.len() <= MAX_LINE_OCTETS));
    }

    #[test]
    fn escapes_are_not_split() {
        // 74 octets, then an escape: the fold goes before the backslash.
        let line = format!("{}\\;x", "X".repeat(74));
        assert_eq!(fold(&line), format!("{}\r\n \\;x\r\n", "X".repeat(74)));
    }

    proptest! {
        #[test]
        fn folding_keeps_content_and_limits_octets(s in "([^\r\n]|\\\\|汉){0,400}") {
            let folded = fold(&s);
            prop_assert!(folded.ends_with("\r\n"));
            for l in folded.split_terminator("\r\n") {
                prop_assert!(l.len() <= MAX_LINE_OCTETS);
            }
            prop_assert_eq!(unfold(&folded), format!("{s}\r\n"));
            // Every line but the last ends on a whole escape pair, if any.
            let lines: Vec<&str> = folded.split_terminator("\r\n").collect();
            for l in &lines[..lines.len() - 1] {
                let trailing = l.len() - l.trim_end_matches('\\').len();
                prop_assert!(trailing % 2 == 0, "split escape in {:?}", l);
            }
        }
    }
}
