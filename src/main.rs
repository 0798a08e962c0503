//! `pinhui`: the clerk's command line. Parses arguments and calls the library.

use chrono::{NaiveDateTime, Utc};
use clap::{Parser, Subcommand};
use pinhui::app::{self, AppError};
use pinhui::model::WeekId;
use pinhui::server::{self, ServerConfig};
use std::path::PathBuf;
use std::process::ExitCode;

mod calendar_cli;
mod gen_cli;
mod plan_cli;
mod tokens_cli;

/// 拼会：把各部门的会议申请合并成少而精的会议，并发布日历、一周安排和拼会报告。
#[derive(Parser)]
#[command(name = "pinhui", version, about, long_about = None)]
struct Cli {
    /// SQLite store (created by `init`).
    #[arg(long, global = true, env = "PINHUI_STORE", default_value = "pinhui.db")]
    store: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a store from a district folder (district.toml, people.csv, rules.toml, holidays/).
    Init {
        #[arg(long, default_value = "data")]
        data: PathBuf,
    },
    /// Import week files (.toml, .json) or proposal spreadsheets (.csv, .xlsx); all or nothing.
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Week of spreadsheet rows that leave 周次 empty (e.g. 2026-W49).
        #[arg(long)]
        week: Option<WeekArg>,
    },
    /// Withdraw a proposal by id; re-plan and publish to cancel its session.
    Withdraw { proposal: String },
    /// Show the working calendar of a month (YYYY-MM) as the rules see it.
    Calendar {
        month: String,
        #[arg(long)]
        json: bool,
    },
    /// List proposals waiting for approval (optionally only those waiting on one approver).
    Approvals {
        #[arg(long)]
        week: Option<WeekArg>,
        /// Person id of the approver.
        #[arg(long = "as")]
        approver: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Approve a proposal as its designated approver.
    Approve {
        proposal: String,
        #[arg(long = "as")]
        approver: String,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Reject a proposal (a reason is required).
    Reject {
        proposal: String,
        #[arg(long = "as")]
        approver: String,
        #[arg(long)]
        reason: String,
    },
    /// Approve with grassroots secretaries/heads replaced by deputies (换成副职).
    Substitute {
        proposal: String,
        #[arg(long = "as")]
        approver: String,
        /// Roles to replace: secretary, head (comma-separated).
        #[arg(long, value_delimiter = ',', required = true)]
        roles: Vec<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Consolidate a week's documents: merged forms, refused ledgers, flagged letters, bundled notices.
    Documents {
        #[arg(long)]
        week: WeekArg,
        #[arg(long)]
        json: bool,
    },
    /// Plan a week (e.g. 2026-W49) and save it as a draft; prints a summary or the plan JSON.
    Plan {
        #[arg(long)]
        week: WeekArg,
        #[arg(long)]
        json: bool,
    },
    /// Publish the newest draft of a week (feeds then show it).
    Publish {
        #[arg(long)]
        week: WeekArg,
        /// Publication time, UTC (default: now), e.g. 2026-11-27T09:00:00.
        #[arg(long)]
        at: Option<NaiveDateTime>,
    },
    /// Write feeds (.ics), the weekly plan (HTML, CSV, XLSX) and plan JSON of the published week;
    /// with --proposals and/or --documents, only the week's proposals or documents in the
    /// spreadsheet template layout.
    Export {
        #[arg(long)]
        week: WeekArg,
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Write proposals-<week>.csv and proposals-<week>.xlsx (importable) instead.
        #[arg(long)]
        proposals: bool,
        /// Write documents-<week>.csv and documents-<week>.xlsx (importable) instead.
        #[arg(long)]
        documents: bool,
    },
    /// Write the merge report (JSON, HTML, Markdown) of the week's newest plan.
    Report {
        /// The week to report on.
        #[arg(long, required_unless_present = "year", conflicts_with = "year")]
        week: Option<WeekArg>,
        /// Year to date instead: every week of the year with a plan, and the trend.
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// Manage feed subscription tokens (issue, list, revoke).
    Feeds {
        #[command(subcommand)]
        command: tokens_cli::FeedsCommand,
    },
    /// Manage API access tokens for departments, approvers and the admin.
    Tokens {
        #[command(subcommand)]
        command: tokens_cli::TokensCommand,
    },
    /// Copy the store to FILE with SQLite's online backup API (server may run).
    Backup { file: PathBuf },
    /// Serve calendar feeds and the JSON API over HTTP.
    Serve {
        /// Address to listen on (loopback by default).
        #[arg(long, env = "PINHUI_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
    },
    /// Write synthetic districts (1, a city of 10, a province of 100) as district folders and weeks.
    Gen(gen_cli::GenArgs),
    /// Run the whole cycle on the sample district into a folder.
    Demo {
        #[arg(long, default_value = "demo-out")]
        out: PathBuf,
        #[arg(long, default_value = "data")]
        data: PathBuf,
        #[arg(long, default_value = "2026-W49")]
        week: WeekArg,
    },
}

#[derive(Clone, Copy)]
struct WeekArg(WeekId);

impl std::str::FromStr for WeekArg {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        WeekId::parse(s)
            .map(WeekArg)
            .ok_or_else(|| format!("周次应为 2026-W49 这样的 ISO 周，收到 “{s}”"))
    }
}

fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    t.with_nanosecond(0).unwrap_or(t)
}

use chrono::Timelike;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The server logs its requests (with redacted paths) by default.
    let default_filter = if matches!(cli.command, Command::Serve { .. }) {
        "info"
    } else {
        "warn"
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            match e {
                AppError::Input(_) | AppError::Usage(_) | AppError::Forbidden(_) => {
                    ExitCode::from(2)
                }
                _ => ExitCode::from(1),
            }
        }
    }
}

fn run(cli: Cli) -> Result<(), AppError> {
    let store = cli.store;
    match cli.command {
        Command::Init { data } => {
            let d = app::init_store(&store, &data, now())?;
            println!(
                "已创建 {}：{} 个单位、{} 名干部、{} 间会议室、{} 个年度节假日",
                store.display(),
                d.org.units().count(),
                d.org.people().count(),
                d.org.rooms().count(),
                d.holidays.len()
            );
        }
        Command::Import { files, week } => {
            let s = app::import_files_for(&store, &files, week.map(|w| w.0), now())?;
            println!(
                "导入完成：新增 {} 项，更新 {} 项，未变 {} 项；忙碌时段 {} 条；发文 {} 件",
                s.added, s.updated, s.unchanged, s.busy, s.documents
            );
        }
        Command::Withdraw { proposal } => {
            app::withdraw_proposal(&store, &proposal, now())?;
            println!("已撤回会议申请 {proposal}；请重新排会并发布。");
        }
        Command::Calendar { month, json } => calendar_cli::calendar(&store, &month, json)?,
        Command::Approvals {
            week,
            approver,
            json,
        } => {
            let who = approver.as_deref().map(person_arg).transpose()?;
            let list = app::pending(&store, week.map(|w| w.0), who.as_ref())?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list)
                        .map_err(|e| AppError::Usage(e.to_string()))?
                );
            } else if list.is_empty() {
                println!("没有待审批的会议申请");
            } else {
                for a in &list {
                    if let pinhui::rules::workflow::ApprovalState::Pending { waiting } = &a.state {
                        let w: Vec<String> = waiting
                            .iter()
                            .map(|r| {
                                format!(
                                    "{}（{}）：{}",
                                    r.position,
                                    r.approver
                                        .as_ref()
                                        .map(|p| p.to_string())
                                        .unwrap_or_else(|| "无人担任".into()),
                                    r.rule_name
                                )
                            })
                            .collect();
                        let urgent = if a.proposal.urgent {
                            "【紧急】"
                        } else {
                            ""
                        };
                        println!(
                            "{} {}{} — 待 {}",
                            a.proposal.id,
                            urgent,
                            a.proposal.title,
                            w.join("；")
                        );
                    }
                }
            }
        }
        Command::Documents { week, json } => {
            let dw = app::documents_week(&store, week.0)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&dw)
                        .map_err(|e| AppError::Usage(e.to_string()))?
                );
            } else {
                let d = app::open_district(&store)?;
                let f = &dw.outcome.figures;
                println!(
                    "{} 发文：报表 {} 份次 → 合并为 {} 张表；字段 {} 项次 → 需填 {} 项（复用已报送 {} 项）；台账拒收 {} 件；责任状标记 {} 件；超长 {} 件；通知 {} 份次 → {} 份次",
                    week.0,
                    f.requests_received,
                    f.forms_sent,
                    f.fields_asked,
                    f.fields_after_merge,
                    f.fields_reused,
                    f.ledgers_refused,
                    f.letters_flagged,
                    f.over_length,
                    f.notices_before,
                    f.notices_after
                );
                for r in &dw.outcome.reviews {
                    for flag in &r.flags {
                        println!("  {}：{}", r.document, flag.describe(&d.org));
                    }
                }
            }
        }
        Command::Approve {
            proposal,
            approver,
            reason,
        } => decide(
            &store,
            &proposal,
            &approver,
            pinhui::model::Decision::Approve,
            &reason,
        )?,
        Command::Reject {
            proposal,
            approver,
            reason,
        } => decide(
            &store,
            &proposal,
            &approver,
            pinhui::model::Decision::Reject,
            &reason,
        )?,
        Command::Substitute {
            proposal,
            approver,
            roles,
            reason,
        } => {
            let roles = roles
                .iter()
                .map(|r| {
                    pinhui::model::Role::parse(r.trim()).ok_or_else(|| {
                        AppError::Usage(format!(
                            "未知职务 “{r}”，可选值：secretary（书记）、head（正职）"
                        ))
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            decide(
                &store,
                &proposal,
                &approver,
                pinhui::model::Decision::Substitute { roles },
                &reason,
            )?
        }
        Command::Plan { week, json } => {
            let o = app::plan_store(&store, week.0, now())?;
            for y in &o.missing_years {
                eprintln!("警告：{y} 年没有法定节假日数据，按周一至周五上班处理");
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&o.plan)
                        .map_err(|e| AppError::Usage(e.to_string()))?
                );
            } else {
                print!("{}", plan_cli::summary(week.0, o.version, &o.plan));
            }
            if !o.violations.is_empty() {
                for v in &o.violations {
                    eprintln!("硬约束违反 {} [{}]：{}", v.session, v.rule, v.detail);
                }
                return Err(AppError::Usage("方案未通过独立检查".into()));
            }
        }
        Command::Publish { week, at } => {
            let p = app::publish_store(&store, week.0, at.unwrap_or_else(now))?;
            let cancelled = p.sessions.iter().filter(|s| s.cancelled).count();
            println!(
                "已发布 {} 第 {} 版：{} 场会议（其中取消 {} 场）",
                week.0,
                p.version,
                p.sessions.len(),
                cancelled
            );
        }
        Command::Export {
            week,
            out,
            proposals,
            documents,
        } if proposals || documents => {
            if proposals {
                let files = app::export_proposals(&store, week.0, &out)?;
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                println!("已导出会议申请：{}", names.join("、"));
            }
            if documents {
                let files = app::export_document_sheets(&store, week.0, &out)?;
                let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
                println!("已导出发文：{}", names.join("、"));
            }
        }
        Command::Export { week, out, .. } => {
            let s = app::export_week(&store, week.0, &out)?;
            println!(
                "已导出到 {}：{} 个个人日历、{} 个单位日历、全区日历、plan.html、plan.csv、plan.xlsx、plan.json",
                out.display(),
                s.person_feeds,
                s.unit_feeds
            );
        }
        Command::Report { week, year, out } => match (week, year) {
            (Some(week), _) => {
                app::write_report(&store, week.0, &out)?;
                println!(
                    "已写入 {}/report.json、report.html、report.md、report.csv",
                    out.display()
                );
            }
            (None, Some(year)) => {
                let r = app::write_year_report(&store, year, &out)?;
                println!(
                    "已写入 {0}/report-{year}.json、.html、.md（{1} 周）：参会 {2} 人次（基线 {3}），往返 {4} 趟（基线 {5}），干部用时 {6} 分钟（基线 {7}）",
                    out.display(),
                    r.weeks.len(),
                    r.total.attendances,
                    r.total.baseline_attendances,
                    r.total.trips,
                    r.total.baseline_trips,
                    r.total.cadre_minutes,
                    r.total.baseline_cadre_minutes
                );
            }
            (None, None) => return Err(AppError::Usage("请指定 --week 或 --year".into())),
        },
        Command::Feeds { command } => tokens_cli::feeds(&store, command, now())?,
        Command::Tokens { command } => tokens_cli::tokens(&store, command, now())?,
        Command::Backup { file } => tokens_cli::backup(&store, &file)?,
        Command::Serve { bind } => serve(store, &bind)?,
        Command::Gen(a) => gen_cli::gen_districts(a)?,
        Command::Demo { out, data, week } => {
            let s = app::run_demo(&data, &out, week.0)?;
            print!("{}", s.render());
            println!("文件已写入 {}", out.display());
        }
    }
    Ok(())
}

fn person_arg(s: &str) -> Result<pinhui::model::PersonId, AppError> {
    pinhui::model::PersonId::parse(s).map_err(|e| AppError::Usage(e.to_string()))
}

fn decide(
    store: &std::path::Path,
    proposal: &str,
    approver: &str,
    d: pinhui::model::Decision,
    reason: &str,
) -> Result<(), AppError> {
    let id =
        pinhui::model::ProposalId::parse(proposal).map_err(|e| AppError::Usage(e.to_string()))?;
    let label = d.label();
    let rules = app::decide(store, &id, &person_arg(approver)?, d, reason, now())?;
    let names: Vec<&str> = rules.iter().map(|r| r.rule_name.as_str()).collect();
    println!(
        "已记录：{approver} 对 {proposal} {label}（{}）",
        names.join("；")
    );
    Ok(())
}

fn serve(store: PathBuf, bind: &str) -> Result<(), AppError> {
    app::open_district(&store)?;
    let addr: std::net::SocketAddr = bind.parse().map_err(|_| {
        AppError::Usage(format!(
            "监听地址应为 127.0.0.1:8080 这样的 IP:端口，收到 “{bind}”"
        ))
    })?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| AppError::Usage(format!("无法启动运行时：{e}")))?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| AppError::Usage(format!("无法监听 {addr}：{e}")))?;
        let local = listener.local_addr().unwrap_or(addr);
        tracing::info!(%local, "listening");
        eprintln!(
            "服务已启动：日历订阅 http://{local}/feeds/<令牌>.ics，接口 http://{local}/api/v1/（Ctrl-C 停止）"
        );
        let cfg = ServerConfig::new(store, now);
        server::serve(listener, cfg, server::shutdown_signal())
            .await
            .map_err(|e| AppError::Usage(format!("服务出错：{e}")))
    })
}
