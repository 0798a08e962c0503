//! Post-processing of the `icalendar` crate's text output (RFC 5545 §3.1):
//! every content line is unfolded and refolded so that each physical line is
//! at most 75 octets (the crate can emit a 76-octet continuation line), folds
//! never split a UTF-8 character or a backslash escape, lines end with CRLF,
//! none is blank, and the VTIMEZONE block is inserted before the first
//! component.

/// Longest physical line, in octets, excluding the CRLF.
pub(crate) const MAX_LINE_OCTETS: usize = 75;

/// The logical content lines of serialised iCalendar text: folds (CRLF or LF
/// followed by one space or tab) are undone, blank lines are dropped, and any
/// CR or LF left inside a line is removed (values are cleaned before they are
/// serialised, so this is a last guard, not the escaping).
pub(crate) fn unfold(text: &str) -> Vec<String> {
    let text = text.replace("\r\n ", "").replace("\r\n\t", "");
    text.split("\r\n")
        .map(|l| l.replace(['\r', '\n'], ""))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Unfolds `crate_text`, inserts `vtimezone` (logical lines) before the first
/// `BEGIN:` line after `BEGIN:VCALENDAR` (or before `END:VCALENDAR`), and
/// refolds everything.
pub(crate) fn normalise(crate_text: &str, vtimezone: &[&str]) -> String {
    let lines = unfold(crate_text);
    let at = lines
        .iter()
        .skip(1)
        .position(|l| l.starts_with("BEGIN:") || l == "END:VCALENDAR")
        .map_or(lines.len(), |i| i + 1);
    let mut out = String::with_capacity(crate_text.len() + 512);
    for l in &lines[..at] {
        fold_into(&mut out, l);
    }
    for l in vtimezone {
        fold_into(&mut out, l);
    }
    for l in &lines[at..] {
        fold_into(&mut out, l);
    }
    out
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

    fn unfold_text(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn normalise_refolds_and_inserts_the_timezone() {
        // A 76-octet continuation line, a blank line and an LF-only fold.
        let long = format!("SUMMARY:{}", "汉".repeat(30));
        let crate_text = format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n\r\n{}\r\n {}\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            &long[..20],
            &long[20..]
        );
        let out = normalise(&crate_text, &["BEGIN:VTIMEZONE", "END:VTIMEZONE"]);
        let lines = unfold(&out);
        assert_eq!(
            lines,
            [
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                long.as_str(),
                "BEGIN:VTIMEZONE",
                "END:VTIMEZONE",
                "BEGIN:VEVENT",
                "END:VEVENT",
                "END:VCALENDAR"
            ]
        );
        for l in out.split_terminator("\r\n") {
            assert!(!l.is_empty() && l.len() <= MAX_LINE_OCTETS);
        }
        let empty = normalise("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", &["X:1"]);
        assert_eq!(empty, "BEGIN:VCALENDAR\r\nX:1\r\nEND:VCALENDAR\r\n");
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
            prop_assert_eq!(unfold_text(&folded), format!("{s}\r\n"));
            // Every line but the last ends on a whole escape pair, if any.
            let lines: Vec<&str> = folded.split_terminator("\r\n").collect();
            for l in &lines[..lines.len() - 1] {
                let trailing = l.len() - l.trim_end_matches('\\').len();
                prop_assert!(trailing % 2 == 0, "split escape in {:?}", l);
            }
        }
    }
}
