//! Real server processes for the tests that need more than the in-process router: several
//! nodes, a kill -9. A plain HTTP/1.1 client over loopback, so no client library is built.
#![allow(dead_code)]

use std::{
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

pub struct Node(pub Child, pub u16);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// One HTTP/1.1 exchange on loopback; a chunked body is put back together.
pub fn http(port: u16, method: &str, path: &str, extra_headers: &[(&str, String)], body: &[u8]) -> std::io::Result<Reply> {
    http_on(port, "127.0.0.1", method, path, extra_headers, body)
}

/// The same for another host name (another tenant), still on loopback.
pub fn http_on(port: u16, host: &str, method: &str, path: &str, extra_headers: &[(&str, String)], body: &[u8]) -> std::io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nhost: {host}:{port}\r\nconnection: close\r\ncontent-length: {}\r\n", body.len());
    for (k, v) in extra_headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).to_string();
    let (headers, rest) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = headers.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let headers = headers.to_lowercase();
    let body = if headers.contains("transfer-encoding: chunked") { dechunk(rest) } else { rest.to_string() };
    Ok(Reply { status, headers, body })
}

pub fn dechunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else { break };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

pub fn header<'a>(reply: &'a Reply, name: &str) -> Option<&'a str> {
    reply.headers.lines().find_map(|l| l.strip_prefix(&format!("{name}: ")))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn atrium(database_url: &str, data: &std::path::Path) -> Command {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_atrium"));
    cmd.env("ATRIUM_DATABASE_URL", database_url)
        .env("ATRIUM_DATA_DIR", data)
        .env("ATRIUM_CONTENT_DIR", root.join("content"))
        .env("ATRIUM_LOG", "warn")
        // Load and several nodes, all from 127.0.0.1: the limits are tried in hardening.rs.
        .env("ATRIUM_RATE_LIMITS", "off")
        // Cheap password hashes: the test signs in, it does not measure argon2.
        .env("ATRIUM_ARGON2_MEMORY_KIB", "8192")
        .env("ATRIUM_ARGON2_ITERATIONS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

/// Starts `atrium serve` on a free port (or `port`) and waits until it is ready.
pub fn start(database_url: &str, data: &std::path::Path, name: &str) -> Node {
    start_on(database_url, data, name, free_port())
}

pub fn start_on(database_url: &str, data: &std::path::Path, name: &str, port: u16) -> Node {
    start_with(database_url, data, name, port, &[])
}

/// [`start_on`] with more settings, e.g. `("ATRIUM_SMTP_URL", …)`.
pub fn start_with(database_url: &str, data: &std::path::Path, name: &str, port: u16, settings: &[(&str, String)]) -> Node {
    let child = atrium(database_url, data)
        .arg("serve")
        .env("ATRIUM_ADDR", format!("127.0.0.1:{port}"))
        .env("ATRIUM_NODE_NAME", name)
        .env("ATRIUM_JOBS_INTERVAL_SECS", "1")
        .envs(settings.iter().map(|(k, v)| (k, v)))
        .spawn()
        .expect("the atrium binary");
    let node = Node(child, port);
    let started = Instant::now();
    while !http(port, "GET", "/readyz", &[], b"").is_ok_and(|r| r.status == 200) {
        assert!(started.elapsed() < Duration::from_secs(90), "node {name} did not become ready");
        std::thread::sleep(Duration::from_millis(100));
    }
    node
}

fn origin(port: u16) -> (&'static str, String) {
    ("origin", format!("http://127.0.0.1:{port}"))
}

/// Signs in with the demo password on the acme host; the session cookie's `name=value`.
pub fn sign_in(port: u16, email: &str) -> String {
    sign_in_on(port, "127.0.0.1", email)
}

/// A form post from the host's own pages.
pub fn post_form(port: u16, host: &str, path: &str, cookie: Option<&str>, form: &str) -> Reply {
    let mut headers =
        vec![("origin", format!("http://{host}:{port}")), ("accept", "text/html".into()), ("content-type", "application/x-www-form-urlencoded".into())];
    if let Some(c) = cookie {
        headers.push(("cookie", c.to_string()));
    }
    http_on(port, host, "POST", path, &headers, form.as_bytes()).unwrap()
}

/// Signs in with the demo password on `host`; the session cookie's `name=value`.
pub fn sign_in_on(port: u16, host: &str, email: &str) -> String {
    let form = format!("locale=en&email={}&password={}&return_to=%2Fen", email.replace('@', "%40"), atrium_core::identity::DEMO_PASSWORD.replace('!', "%21"));
    let signed = post_form(port, host, "/api/sign-in", None, &form);
    assert_eq!(signed.status, 302, "{}", signed.body);
    header(&signed, "set-cookie").unwrap().split(';').next().unwrap().to_string()
}

/// Files a ticket through the form, as a browser without JavaScript does.
pub fn file_ticket(port: u16, cookie: &str, subject: &str) -> std::io::Result<Reply> {
    let boundary = "wire-test-boundary";
    let mut body = String::new();
    for (name, value) in [
        ("module", "compensation"),
        ("kind", "anomaly"),
        ("severity", "major"),
        ("impact", "degradation"),
        ("subject", subject),
        ("description", "It stops at 50 %."),
        ("action_path", "Compensation > Export to payroll"),
        ("extra.pay-period", "2026-11"),
    ] {
        body.push_str(&format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let headers = [origin(port), ("cookie", cookie.to_string()), ("content-type", format!("multipart/form-data; boundary={boundary}"))];
    http(port, "POST", "/en/tickets", &headers, body.as_bytes())
}
