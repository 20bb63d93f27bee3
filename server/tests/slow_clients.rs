//! Slow and idle clients against the real binary: they are closed after the configured timeouts,
//! the node holds no more connections than its limit, and readers are served all along.

mod wire;

use std::{
    io::{Read, Write},
    net::TcpStream,
    time::{Duration, Instant},
};
use wire::{atrium, free_port, http, Node};

/// Whether the server has closed `stream` (a read ends or fails), waiting at most `within`.
fn closed_by_server(stream: &mut TcpStream, within: Duration) -> bool {
    stream.set_read_timeout(Some(within)).unwrap();
    let mut buf = [0u8; 512];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            // A 408 or an error page before the close counts as closing too.
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

fn open_descriptors(node: &Node) -> usize {
    std::fs::read_dir(format!("/proc/{}/fd", node.0.id())).map(|d| d.count()).unwrap_or(0)
}

#[test]
fn idle_and_slow_clients_are_closed_and_readers_are_served_meanwhile() {
    let data = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", data.path().join("atrium.db").display());
    assert!(atrium(&url, data.path()).arg("seed-demo").status().unwrap().success());
    let port = free_port();
    let child = atrium(&url, data.path())
        .arg("serve")
        .env("ATRIUM_ADDR", format!("127.0.0.1:{port}"))
        .env("ATRIUM_HEADER_TIMEOUT_SECS", "2")
        .env("ATRIUM_KEEP_ALIVE_SECS", "2")
        .env("ATRIUM_BODY_TIMEOUT_SECS", "2")
        .env("ATRIUM_MAX_CONNECTIONS", "100")
        .spawn()
        .unwrap();
    let node = Node(child, port);
    let started = Instant::now();
    while !http(port, "GET", "/readyz", &[], b"").is_ok_and(|r| r.status == 200) {
        assert!(started.elapsed() < Duration::from_secs(60), "the node did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    let before = open_descriptors(&node);

    // 150 idle connections (more than the limit), 20 that send headers a byte at a time, 20 that
    // promise a body and never send it, and 20 kept alive after one request.
    let connect = || TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut idle: Vec<TcpStream> = (0..150).map(|_| connect()).collect();
    let mut trickling: Vec<TcpStream> = (0..20).map(|_| connect()).collect();
    let mut bodiless: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = connect();
            let head = format!("POST /en/tickets HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\ncontent-type: text/plain\r\ncontent-length: 100000\r\n\r\nabc");
            s.write_all(head.as_bytes()).unwrap();
            s
        })
        .collect();
    let mut kept: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut s = connect();
            s.write_all(format!("GET /healthz HTTP/1.1\r\nhost: 127.0.0.1:{port}\r\n\r\n").as_bytes()).unwrap();
            s
        })
        .collect();
    for s in &mut trickling {
        s.write_all(b"GET /en HTTP/1.1\r\nho").unwrap();
    }

    // Readers meanwhile: each is served, within the time hostile connections take to be closed.
    for _ in 0..10 {
        let asked = Instant::now();
        let page = http(port, "GET", "/en", &[], b"").unwrap();
        assert_eq!(page.status, 200);
        assert!(asked.elapsed() < Duration::from_secs(20), "a reader waited {:?}", asked.elapsed());
        assert!(open_descriptors(&node) <= before + 100 + 5, "the node holds at most its limit of connections");
        for s in &mut trickling {
            let _ = s.write_all(b"s");
        }
    }

    for (what, group) in [("idle", &mut idle), ("header trickle", &mut trickling), ("missing body", &mut bodiless), ("kept alive", &mut kept)] {
        let mut open = 0;
        for s in group.iter_mut() {
            open += usize::from(!closed_by_server(s, Duration::from_secs(12)));
        }
        assert_eq!(open, 0, "{what} connections still open");
    }
    assert!(http(port, "GET", "/en", &[], b"").unwrap().status == 200);
}
