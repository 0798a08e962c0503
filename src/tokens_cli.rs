//! `pinhui feeds …` (subscription tokens), `pinhui tokens …` (API access
//! tokens) and `pinhui backup FILE`.

use clap::Subcommand;
use pinhui::app::{self, AppError};
use pinhui::store::{FeedSubject, Principal};
use std::path::Path;

#[derive(Subcommand)]
pub enum FeedsCommand {
    /// Issue a new subscription token for a person or a unit; prints its URLs once.
    Issue {
        #[arg(long, conflicts_with = "unit", required_unless_present = "unit")]
        person: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        /// Public base URL of `pinhui serve` (use https behind a proxy).
        #[arg(long, env = "PINHUI_BASE_URL", default_value = "http://127.0.0.1:8080")]
        base_url: String,
    },
    /// List tokens (id, prefix, subject, issued, revoked); never the tokens themselves.
    List,
    /// Revoke a token by id or by the first characters of the token.
    Revoke {
        /// Tokens may start with `-` (base64url), so hyphens are values here.
        #[arg(allow_hyphen_values = true)]
        token_prefix_or_id: String,
    },
}

#[derive(Subcommand)]
pub enum TokensCommand {
    /// Issue an API token for a department, an approver or the admin; printed once.
    Issue {
        /// Unit id (district.toml): submits and edits its own proposals.
        #[arg(long, conflicts_with_all = ["approver", "admin"], required_unless_present_any = ["approver", "admin"])]
        department: Option<String>,
        /// Person id (people.csv): decides the approvals designated to them.
        #[arg(long, conflicts_with = "admin")]
        approver: Option<String>,
        /// The general office: plans and publishes.
        #[arg(long)]
        admin: bool,
    },
    /// List API tokens (id, prefix, holder, issued, revoked); never the tokens.
    List,
    /// Revoke an API token by id or by its first characters.
    Revoke {
        /// Tokens may start with `-` (base64url), so hyphens are values here.
        #[arg(allow_hyphen_values = true)]
        token_prefix_or_id: String,
    },
}

fn label(p: &Principal) -> String {
    match p {
        Principal::Department(u) => format!("单位 {u}"),
        Principal::Approver(p) => format!("审批人 {p}"),
        Principal::Admin => "管理员".to_string(),
    }
}

pub fn tokens(
    store: &Path,
    command: TokensCommand,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    match command {
        TokensCommand::Issue {
            department,
            approver,
            admin,
        } => {
            let p = app::parse_principal(store, department.as_deref(), approver.as_deref(), admin)?;
            let issued = app::issue_access(store, p, now)?;
            println!(
                "已为{}签发接口令牌（编号 {}）。令牌只显示这一次，请妥善保管：",
                label(&issued.principal),
                issued.id
            );
            println!("  {}", issued.token);
            println!("用法：Authorization: Bearer <令牌>（见 docs/api.md）");
        }
        TokensCommand::List => {
            let list = app::list_access(store)?;
            if list.is_empty() {
                println!("还没有签发任何接口令牌。");
            }
            for t in list {
                println!(
                    "{}",
                    token_line(
                        t.id,
                        &t.prefix,
                        &label(&t.principal),
                        t.created_at,
                        t.revoked_at
                    )
                );
            }
        }
        TokensCommand::Revoke { token_prefix_or_id } => {
            let t = app::revoke_access(store, &token_prefix_or_id, now)?;
            println!(
                "已吊销接口令牌 {}（{}…，{}）。",
                t.id,
                t.prefix,
                label(&t.principal)
            );
        }
    }
    Ok(())
}

pub fn backup(store: &Path, file: &Path) -> Result<(), AppError> {
    app::backup_store(store, file)?;
    println!(
        "已备份到 {}（完整性检查通过）。恢复：停止服务后把该文件复制回 {}。",
        file.display(),
        store.display()
    );
    Ok(())
}

pub fn feeds(
    store: &Path,
    command: FeedsCommand,
    now: chrono::NaiveDateTime,
) -> Result<(), AppError> {
    match command {
        FeedsCommand::Issue {
            person,
            unit,
            base_url,
        } => {
            let subject = app::parse_subject(store, person.as_deref(), unit.as_deref())?;
            let issued = app::issue_feed(store, subject, now)?;
            let (http, webcal) = issued.urls(&base_url);
            println!(
                "已为{}签发订阅（编号 {}）。",
                subject_label(&issued.subject),
                issued.id
            );
            println!("订阅地址（只显示这一次，请妥善保管）：");
            println!("  {http}");
            println!("  {webcal}");
            if http.starts_with("http://") {
                println!("提示：对外发布时请用 --base-url https://… 指向 HTTPS 反向代理。");
            }
        }
        FeedsCommand::List => {
            let tokens = app::list_feeds(store)?;
            if tokens.is_empty() {
                println!("还没有签发任何订阅。");
            }
            for t in tokens {
                println!(
                    "{}",
                    token_line(
                        t.id,
                        &t.prefix,
                        &subject_label(&t.subject),
                        t.created_at,
                        t.revoked_at
                    )
                );
            }
        }
        FeedsCommand::Revoke { token_prefix_or_id } => {
            let t = app::revoke_feed(store, &token_prefix_or_id, now)?;
            println!(
                "已吊销订阅 {}（{}…，{}）。如需轮换，请再签发一个新订阅。",
                t.id,
                t.prefix,
                subject_label(&t.subject)
            );
        }
    }
    Ok(())
}

fn subject_label(s: &FeedSubject) -> String {
    match s {
        FeedSubject::Person(p) => format!("干部 {p}"),
        FeedSubject::Unit(u) => format!("单位 {u}"),
    }
}

/// One line of a token list: id, prefix, holder, issue time, state.
fn token_line(
    id: i64,
    prefix: &str,
    holder: &str,
    created: chrono::NaiveDateTime,
    revoked: Option<chrono::NaiveDateTime>,
) -> String {
    let state = match revoked {
        Some(at) => format!("已吊销 {at}"),
        None => "有效".to_string(),
    };
    format!("{id:>4}  {prefix}…  {holder}  签发 {created}  {state}")
}
