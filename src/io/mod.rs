//! Importers for every input format, with located Chinese error messages.
//! Importers write nothing: they turn text into valid domain values or a list of
//! [`InputError`]s. [`write`] is the inverse (a district and a week as input
//! files), used by `pinhui gen`.

pub mod api;
pub(crate) mod audience;
pub mod error;
pub mod holidays;
pub mod locate;
pub mod org;
pub(crate) mod refs;
pub mod rules;
pub mod sheet;
pub mod sheet_documents;
pub mod sheet_proposals;
pub mod spreadsheet;
pub mod week;
mod week_documents;
pub mod write;

pub use error::{InputError, InputErrors};
pub use locate::{Path, Syntax};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use error::{line_of_offset, translate_serde};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// Collects errors for one file, locating field paths in its text.
pub(crate) struct Ctx<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub syntax: Syntax,
    pub errors: Vec<InputError>,
}

impl<'a> Ctx<'a> {
    pub fn new(file: &'a str, text: &'a str, syntax: Syntax) -> Self {
        Ctx {
            file,
            text,
            syntax,
            errors: Vec::new(),
        }
    }

    pub fn err(&mut self, path: &Path, message: impl Into<String>) {
        self.errors.push(InputError {
            file: self.file.to_string(),
            line: locate::line_of(self.text, self.syntax, path),
            field: path.render(),
            message: message.into(),
        });
    }

    pub fn finish<T>(self, value: T) -> Result<T, InputErrors> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(InputErrors(self.errors))
        }
    }
}

/// Deserialises TOML or JSON text into raw input structs, mapping syntax and shape
/// errors to a located Chinese message.
pub(crate) fn parse_raw<T: DeserializeOwned>(
    file: &str,
    text: &str,
    syntax: Syntax,
) -> Result<T, InputErrors> {
    match syntax {
        Syntax::Toml => toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of_offset(text, s.start));
            InputErrors::one(file, line, "", translate_serde(e.message()))
        }),
        Syntax::Json => serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            let msg = if e.is_syntax() || e.is_eof() {
                format!("JSON 语法错误：{msg}")
            } else {
                translate_serde(&msg)
            };
            InputErrors::one(file, Some(e.line()), "", msg)
        }),
    }
}

/// A time written as a string or as a TOML date/datetime literal.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum TimeText {
    Text(String),
    Toml(toml::value::Datetime),
}

impl TimeText {
    pub fn text(&self) -> String {
        match self {
            TimeText::Text(s) => s.clone(),
            TimeText::Toml(d) => d.to_string(),
        }
    }
}

pub(crate) fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M"))
        .ok()
}

pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

pub(crate) const DATETIME_HINT: &str = "应为 2026-12-01T09:00 这样的本地时间";
pub(crate) const DATE_HINT: &str = "应为 2026-12-01 这样的日期";

/// Reads a file, naming it in the error when it cannot be read.
pub fn read_text(path: &std::path::Path) -> Result<String, InputErrors> {
    let bytes = std::fs::read(path).map_err(|e| {
        InputErrors::one(
            &path.display().to_string(),
            None,
            "",
            format!("无法读取文件：{e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = line_of_offset(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        InputErrors::one(
            &path.display().to_string(),
            Some(line),
            "",
            "文件不是 UTF-8 编码，请另存为 UTF-8",
        )
    })?;
    Ok(text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text))
}

/// TOML or JSON by file extension.
pub fn syntax_of(path: &std::path::Path) -> Result<Syntax, InputErrors> {
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => Ok(Syntax::Toml),
        Some("json") => Ok(Syntax::Json),
        _ => Err(InputErrors::one(
            &path.display().to_string(),
            None,
            "",
            "无法识别的文件类型，应为 .toml 或 .json",
        )),
    }
}
