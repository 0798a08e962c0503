//! API request bodies (JSON): a proposal in the week-file shape plus `week`
//! (and `version` for an update), validated by the week-file importer; and
//! approval decisions. Field paths in errors are those of a week file, e.g.
//! `proposals[0].organiser`.

use super::{InputErrors, Syntax, week::parse_week};
use crate::model::{Decision, Org, Proposal, Role, WeekId};
use serde_json::{Map, Value};

/// The name errors carry as their file.
pub const BODY: &str = "请求体";

/// A validated proposal submission or update.
#[derive(Debug, Clone)]
pub struct Submission {
    pub week: WeekId,
    pub proposal: Proposal,
    /// The version the client last saw (updates only).
    pub version: Option<u32>,
}

fn err(field: &str, message: impl Into<String>) -> InputErrors {
    InputErrors::one(BODY, None, field, message)
}

/// Parses a body into a JSON object, with Chinese messages for non-UTF-8,
/// syntax errors, too deep nesting (serde_json's limit of 128) and non-objects.
pub fn json_object(body: &[u8]) -> Result<Map<String, Value>, InputErrors> {
    let text = std::str::from_utf8(body).map_err(|_| err("", "请求体不是 UTF-8 文本"))?;
    if text.trim().is_empty() {
        return Err(err("", "请求体为空，应为 JSON 对象"));
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(err("", "请求体应为 JSON 对象（{…}）")),
        Err(e) if e.to_string().contains("recursion limit") => {
            Err(err("", "JSON 嵌套层数过多（最多 128 层）"))
        }
        Err(e) => Err(InputErrors::one(
            BODY,
            Some(e.line()),
            "",
            format!("JSON 语法错误（第 {} 行第 {} 列）", e.line(), e.column()),
        )),
    }
}

/// A proposal submission (`need_version` false) or update (true).
pub fn parse_submission(
    body: &[u8],
    org: &Org,
    need_version: bool,
) -> Result<Submission, InputErrors> {
    let mut obj = json_object(body)?;
    let week = match obj.remove("week") {
        Some(Value::String(w)) => w,
        Some(_) => return Err(err("week", "周次应为 “2026-W49” 这样的字符串")),
        None => return Err(err("week", "缺少必填字段 week")),
    };
    let version = match (obj.remove("version"), need_version) {
        (Some(v), true) => match v.as_u64().and_then(|v| u32::try_from(v).ok()) {
            Some(v) if v > 0 => Some(v),
            _ => return Err(err("version", "version 应为正整数（上次读取到的版本号）")),
        },
        (None, true) => {
            return Err(err(
                "version",
                "缺少必填字段 version（上次读取到的版本号，用于防止覆盖他人的修改）",
            ));
        }
        (Some(_), false) => return Err(err("version", "新提交的申请不应带 version")),
        (None, false) => None,
    };
    let text = serde_json::json!({"week": week, "proposals": [Value::Object(obj)]}).to_string();
    let mut w = parse_week(BODY, &text, Syntax::Json, org)?;
    let proposal = w
        .proposals
        .pop()
        .ok_or_else(|| err("proposals[0]", "缺少会议申请"))?;
    Ok(Submission {
        week: w.week,
        proposal,
        version,
    })
}

/// An approval decision: `{"decision": "approve"|"reject"|"substitute",
/// "reason": "…", "roles": ["secretary"|"head"]}`. Returns the decision and
/// the reason; the workflow checks reasons and roles further.
pub fn parse_decision(body: &[u8]) -> Result<(Decision, String), InputErrors> {
    let mut obj = json_object(body)?;
    let reason = match obj.remove("reason") {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(_) => return Err(err("reason", "理由应为字符串")),
    };
    let roles = match obj.remove("roles") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<Role>>(v).map_err(|_| {
            err(
                "roles",
                "roles 应为 [\"secretary\", \"head\"] 这样的角色列表",
            )
        })?,
    };
    let decision = match obj.remove("decision") {
        Some(Value::String(d)) => match d.as_str() {
            "approve" => Decision::Approve,
            "reject" => Decision::Reject,
            "substitute" => Decision::Substitute { roles },
            _ => {
                return Err(err(
                    "decision",
                    format!("未知的决定 “{d}”，可用：approve、reject、substitute"),
                ));
            }
        },
        Some(_) => return Err(err("decision", "decision 应为字符串")),
        None => return Err(err("decision", "缺少必填字段 decision")),
    };
    if let Some(k) = obj.keys().next() {
        return Err(err(
            k,
            format!("未知字段 {k}，可用字段：decision, reason, roles"),
        ));
    }
    Ok((decision, reason))
}
