//! Escaping for the output formats: HTML/SVG text and attributes, spreadsheet
//! cells, Markdown text.

/// Escape text for HTML (and SVG/XML) element content and quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Neutralise a spreadsheet cell that a spreadsheet would read as a formula
/// (leading `=`, `+`, `-`, `@`, tab or carriage return) by prefixing an apostrophe.
pub fn csv_cell(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// Escape text for a Markdown table cell or paragraph: HTML-significant
/// characters become entities (no raw HTML reaches a renderer), Markdown
/// punctuation is backslash-escaped, line breaks become spaces.
pub fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_all_five() {
        assert_eq!(
            escape_html(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
        assert_eq!(escape_html("青川区"), "青川区");
    }

    #[test]
    fn csv_cells_starting_like_formulas_are_neutralised() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(csv_cell(s), format!("'{s}"));
        }
        assert_eq!(csv_cell("a=1"), "a=1");
        assert_eq!(csv_cell(""), "");
        assert_eq!(csv_cell("09:00"), "09:00");
    }

    #[test]
    fn markdown_text_cannot_break_a_table_or_inject_html() {
        assert_eq!(
            escape_markdown("a|b\n<i>*x*</i>"),
            r"a\|b &lt;i&gt;\*x\*&lt;/i&gt;"
        );
    }
}
