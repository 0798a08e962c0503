//! The feed server in-process on 127.0.0.1, port 0: 200 with the headers
//! subscription clients rely on, 304 on If-None-Match (which beats
//! If-Modified-Since), 404 for unknown, revoked and malformed tokens,
//! byte-identical bodies, no 406 without Accept.

mod common;

use common::{published_sample, utc};
use pinhui::app;
use pinhui::model::{PersonId, UnitId};
use pinhui::server::{ServerConfig, redacted_path, serve};
use pinhui::store::FeedSubject;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A minimal HTTP/1.1 client: one request per connection.
async fn get(addr: std::net::SocketAddr, path: &str, extra: &[(&str, &str)]) -> Reply {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (k, v) in extra {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn fixed_now() -> chrono::NaiveDateTime {
    utc(28, 0, 0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_feeds_with_validators_and_hides_unknown_tokens() {
    let dir = tempfile::tempdir().unwrap();
    let store = published_sample(dir.path(), utc(27, 9, 0));
    let person = app::issue_feed(
        &store,
        FeedSubject::Person(PersonId::parse("p0170").unwrap()),
        utc(27, 9, 0),
    )
    .unwrap();
    let unit = app::issue_feed(
        &store,
        FeedSubject::Unit(UnitId::parse("fgw").unwrap()),
        utc(27, 9, 0),
    )
    .unwrap();
    let revoked = app::issue_feed(
        &store,
        FeedSubject::Person(PersonId::parse("p0170").unwrap()),
        utc(27, 9, 0),
    )
    .unwrap();
    app::revoke_feed(&store, &revoked.token[..10], utc(27, 9, 5)).unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let cfg = ServerConfig::new(store.clone(), fixed_now);
    let server = tokio::spawn(serve(listener, cfg, async {
        let _ = stopped.await;
    }));

    let path = format!("/feeds/{}.ics", person.token);
    let first = get(addr, &path, &[]).await;
    assert_eq!(first.status, 200, "no Accept header: still 200, not 406");
    assert_eq!(
        first.header("content-type"),
        Some("text/calendar; charset=utf-8")
    );
    assert_eq!(first.header("cache-control"), Some("private, max-age=300"));
    assert_eq!(
        first.header("last-modified"),
        Some("Fri, 27 Nov 2026 09:00:00 GMT")
    );
    let etag = first.header("etag").unwrap().to_string();
    assert!(etag.starts_with('"') && etag.ends_with('"') && etag.len() == 66);
    let body = String::from_utf8(first.body.clone()).unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n") && body.ends_with("END:VCALENDAR\r\n"));
    assert!(body.contains("UID:s-w49-fgw-1@"));
    assert!(!body.contains(&person.token));

    let second = get(addr, &path, &[("Accept", "text/calendar")]).await;
    assert_eq!(second.status, 200);
    assert_eq!(second.body, first.body, "byte-identical");
    assert_eq!(second.header("etag"), Some(etag.as_str()));
    let any = get(addr, &path, &[("Accept", "*/*")]).await;
    assert_eq!(any.status, 200);

    let cached = get(addr, &path, &[("If-None-Match", &etag)]).await;
    assert_eq!(cached.status, 304);
    assert!(cached.body.is_empty());
    assert_eq!(cached.header("etag"), Some(etag.as_str()));
    let since = "Fri, 27 Nov 2026 09:00:00 GMT";
    let by_date = get(addr, &path, &[("If-Modified-Since", since)]).await;
    assert_eq!(by_date.status, 304);
    // A stale ETag wins over a current date.
    let stale = get(
        addr,
        &path,
        &[("If-None-Match", "\"stale\""), ("If-Modified-Since", since)],
    )
    .await;
    assert_eq!(stale.status, 200);

    let unit_feed = get(addr, &format!("/feeds/{}.ics", unit.token), &[]).await;
    assert_eq!(unit_feed.status, 200);
    assert_ne!(unit_feed.body, first.body);

    let unknown = "A".repeat(43);
    let not_found = [
        format!("/feeds/{unknown}.ics"),
        format!("/feeds/{}.ics", revoked.token),
        format!("/feeds/{}", person.token),
        format!("/feeds/{}.ics.ics", person.token),
        "/feeds/%E4%B8%AD.ics".to_string(),
        "/feeds/".to_string(),
        "/".to_string(),
    ];
    let mut bodies = Vec::new();
    for p in &not_found {
        let r = get(addr, p, &[]).await;
        assert_eq!(r.status, 404, "{p}");
        bodies.push(r.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "404s give no hint");

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

#[test]
fn logs_see_a_redacted_path() {
    assert_eq!(redacted_path("/feeds/abcdef.ics"), "/feeds/<redacted>");
    assert_eq!(redacted_path("/other"), "/other");
    let long = format!("/{}", "中".repeat(40));
    assert!(redacted_path(&long).chars().count() < 40);
}
