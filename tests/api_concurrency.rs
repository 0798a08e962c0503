//! N clients on loopback at once: each submits, updates and has its proposal
//! approved, and all race to update one shared proposal from the same version.
//! Afterwards every accepted write is present exactly once and every refused
//! (stale) one is absent.

mod common;

use common::api::{PID, WEEK, base_store, config, proposal};
use pinhui::model::{ProposalId, WeekId};
use pinhui::server::{Limits, serve};
use pinhui::store::Store;
use serde_json::{Value, json};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const N: usize = 16;

/// One HTTP/1.1 request per connection: (status, JSON body).
async fn http(addr: SocketAddr, method: &str, path: &str, token: &str, body: &str) -> (u16, Value) {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAuthorization: Bearer {token}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (
        status,
        serde_json::from_slice(&raw[split + 4..]).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submit_update_and_approve() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let mut cfg = config(&store);
    cfg.limits = Limits {
        burst: 10_000,
        ..Limits::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve(listener, cfg, async {
        let _ = stopped.await;
    }));

    let mut tasks = Vec::new();
    for i in 0..N {
        let t = t.clone();
        tasks.push(tokio::spawn(async move {
            let (unit, tok) = if i % 2 == 0 {
                ("zzb", &t.department)
            } else {
                ("xcb", &t.other)
            };
            let id = format!("conc-{unit}-{i}");
            let mut statuses = Vec::new();
            let body = proposal(&id, unit, &format!("初稿 {i}")).to_string();
            statuses.push(http(addr, "POST", "/api/v1/proposals", tok, &body).await.0);
            let mut edit = proposal(&id, unit, &format!("定稿 {i}"));
            edit["version"] = json!(1);
            let path = format!("/api/v1/proposals/{id}");
            statuses.push(http(addr, "PUT", &path, tok, &edit.to_string()).await.0);
            // Everyone races to edit the shared proposal from version 1.
            let mut race = proposal(PID, "zzb", &format!("抢改 {i}"));
            race["version"] = json!(1);
            let shared = format!("/api/v1/proposals/{PID}");
            let (race_status, _) =
                http(addr, "PUT", &shared, &t.department, &race.to_string()).await;
            let decision = format!("/api/v1/proposals/{id}/decision");
            statuses.push(
                http(
                    addr,
                    "POST",
                    &decision,
                    &t.approver,
                    "{\"decision\":\"approve\"}",
                )
                .await
                .0,
            );
            (id, statuses, race_status)
        }));
    }
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.unwrap());
    }
    let _ = stop.send(());
    server.await.unwrap().unwrap();

    for (id, statuses, _) in &results {
        assert_eq!(statuses, &[201, 200, 200], "{id}");
    }
    let winners: Vec<usize> = (0..N).filter(|i| results[*i].2 == 200).collect();
    let losers = results.iter().filter(|r| r.2 == 409).count();
    assert_eq!(winners.len(), 1, "{results:?}");
    assert_eq!(losers, N - 1);

    let s = Store::open(&store).unwrap();
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let rows = s.proposal_rows(None, None).unwrap();
    let shared = rows
        .iter()
        .filter(|r| r.proposal.id.as_str() == PID)
        .collect::<Vec<_>>();
    assert_eq!(shared.len(), 1);
    assert_eq!(shared[0].version, 2);
    assert_eq!(shared[0].proposal.title, format!("抢改 {}", winners[0]));
    let decisions = s.decisions(WeekId::parse(WEEK).unwrap()).unwrap();
    let log = s.audit_log().unwrap();
    for (id, _, _) in &results {
        let mine: Vec<_> = rows
            .iter()
            .filter(|r| r.proposal.id.as_str() == id)
            .collect();
        assert_eq!(mine.len(), 1, "{id}");
        assert_eq!(mine[0].version, 2);
        assert!(mine[0].proposal.title.starts_with("定稿"));
        let pid = ProposalId::parse(id).unwrap();
        let d: Vec<_> = decisions.iter().filter(|d| d.proposal == pid).collect();
        assert_eq!(d.len(), 1, "{id}: {d:?}");
        assert_eq!(d[0].proposal_version, 2);
        let adds = log
            .iter()
            .filter(|e| e.action == "proposal.add" && &e.subject == id)
            .count();
        let updates = log
            .iter()
            .filter(|e| e.action == "proposal.update" && &e.subject == id)
            .count();
        assert_eq!((adds, updates), (1, 1), "{id}");
    }
    let shared_updates = log
        .iter()
        .filter(|e| e.action == "proposal.update" && e.subject == PID)
        .count();
    assert_eq!(shared_updates, 1);
    eprintln!(
        "concurrency: {N} clients, {} requests, 1 race winner, {losers} refused",
        N * 4
    );
}
