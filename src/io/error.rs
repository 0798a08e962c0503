//! Located input errors, in Chinese, for clerks.

use std::fmt;

/// One problem in an input file: where it is, which field, what is wrong and what
/// would be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: String,
    /// 1-based line (for CSV: the row number counting the header as row 1).
    pub line: Option<usize>,
    /// Field path such as `proposals[2].audience[0].roles`, or a CSV column name.
    pub field: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, " 第 {l} 行")?;
        }
        if !self.field.is_empty() {
            write!(f, " {}", self.field)?;
        }
        write!(f, "：{}", self.message)
    }
}

/// All problems found in one import; nothing is stored when this is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl InputErrors {
    pub fn one(file: &str, line: Option<usize>, field: &str, message: impl Into<String>) -> Self {
        InputErrors(vec![InputError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.into(),
        }])
    }
}

/// Rewrites the common serde messages (English) into Chinese.
pub fn translate_serde(msg: &str) -> String {
    let msg = msg.trim();
    let first = msg.lines().next().unwrap_or(msg);
    if first.contains("recurse further") || first.contains("recursion limit") {
        return "嵌套层数过多".to_string();
    }
    if let Some(rest) = first.strip_prefix("unknown field ") {
        let (field, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        let expected = expected
            .trim_start_matches(" one of ")
            .trim()
            .replace('`', "");
        return format!(
            "未知字段 {}，可用字段：{}",
            field.replace('`', ""),
            expected
        );
    }
    if let Some(rest) = first.strip_prefix("missing field ") {
        return format!("缺少必填字段 {}", rest.replace('`', ""));
    }
    if let Some(rest) = first.strip_prefix("invalid type: ") {
        let (got, exp) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!("类型不对：收到 {got}，应为 {exp}");
    }
    if let Some(rest) = first.strip_prefix("duplicate key") {
        return format!("键重复{rest}");
    }
    if let Some(rest) = first.strip_prefix("duplicate field ") {
        return format!("字段重复：{}", rest.replace('`', ""));
    }
    format!("格式错误：{first}")
}

/// 1-based line number of a byte offset.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_messages_become_chinese() {
        let m = translate_serde("unknown field `titel`, expected one of `id`, `title`");
        assert!(m.starts_with("未知字段"), "{m}");
        assert!(m.contains("titel") && m.contains("title"), "{m}");
        assert_eq!(translate_serde("missing field `id`"), "缺少必填字段 id");
    }

    #[test]
    fn offsets_map_to_lines() {
        assert_eq!(line_of_offset("a\nb\nc", 0), 1);
        assert_eq!(line_of_offset("a\nb\nc", 2), 2);
        assert_eq!(line_of_offset("a\nb\nc", 4), 3);
    }
}
