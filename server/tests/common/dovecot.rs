//! A real Dovecot (Debian's `dovecot-imapd` and `dovecot-lmtpd`, installed by `make setup`) on
//! free loopback ports with a throwaway configuration: mail is delivered into it over LMTP, as a
//! mail server delivers it, and Atrium reads it over IMAP. Every user's password is `secret`.

use std::{
    io::{BufRead, BufReader, Write},
    net::TcpStream,
    path::PathBuf,
    process::{Child, Command, Stdio},
    time::Duration,
};

pub const PASSWORD: &str = "secret";

pub struct Dovecot {
    child: Child,
    pub imap: u16,
    pub lmtp: u16,
    _dir: tempfile::TempDir,
}

impl Dovecot {
    pub fn start() -> Dovecot {
        let binary = ["/usr/sbin/dovecot", "/usr/bin/dovecot"].into_iter().find(|p| std::path::Path::new(p).exists());
        let binary = binary.expect("Dovecot is missing: run `make setup` (Debian's dovecot-imapd and dovecot-lmtpd)");
        let free = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let (imap, lmtp) = (free(), free());
        let dir = tempfile::tempdir().unwrap();
        let root: PathBuf = dir.path().to_path_buf();
        // As root, mail is stored as Dovecot's own unprivileged user; otherwise as whoever runs
        // the tests, with Dovecot's internal users mapped to them too.
        let me = Command::new("id").arg("-un").output().unwrap();
        let me = String::from_utf8_lossy(&me.stdout).trim().to_string();
        let (owner, users) = if me == "root" {
            ("dovecot".to_string(), String::new())
        } else {
            (me.clone(), format!("default_internal_user = {me}\ndefault_login_user = {me}\n"))
        };
        for sub in ["mail", "home"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
            if me == "root" {
                Command::new("chown").args([&format!("{owner}:{owner}"), root.join(sub).to_str().unwrap()]).status().unwrap();
            }
        }
        if me == "root" {
            // Dovecot's own user must reach the folders beneath the throwaway directory.
            Command::new("chmod").args(["755", root.to_str().unwrap()]).status().unwrap();
        }
        let uid = |flag: &str| String::from_utf8_lossy(&Command::new("id").args([flag, &owner]).output().unwrap().stdout).trim().to_string();
        let r = root.display();
        let config = format!(
            "base_dir = {r}/run\nstate_dir = {r}/state\nlog_path = {r}/dovecot.log\n{users}\
             protocols = imap lmtp\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
             mail_location = maildir:{r}/mail/%n\nfirst_valid_uid = 1\nrecipient_delimiter = +\nlmtp_save_to_detail_mailbox = no\n\
             passdb {{\n  driver = static\n  args = password={PASSWORD}\n}}\n\
             userdb {{\n  driver = static\n  args = uid={} gid={} home={r}/home/%n\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {imap}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n}}\n\
             service lmtp {{\n  inet_listener lmtp {{\n    address = 127.0.0.1\n    port = {lmtp}\n  }}\n}}\n",
            uid("-u"),
            uid("-g"),
        );
        let conf = root.join("dovecot.conf");
        std::fs::write(&conf, config).unwrap();
        let child =
            Command::new(binary).args(["-F", "-c", conf.to_str().unwrap()]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("Dovecot starts");
        let dovecot = Dovecot { child, imap, lmtp, _dir: dir };
        // Bounded wait for both listeners: 20 s at most.
        for _ in 0..100 {
            if TcpStream::connect(("127.0.0.1", imap)).is_ok() && TcpStream::connect(("127.0.0.1", lmtp)).is_ok() {
                return dovecot;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("Dovecot did not start: {}", std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default());
    }

    /// `imap://` address of `user`'s mailbox, as Atrium is configured with it.
    pub fn url(&self, user: &str) -> String {
        format!("imap://{}:{PASSWORD}@127.0.0.1:{}/INBOX", user.replace('@', "%40"), self.imap)
    }

    /// Delivers `raw` to `to` over LMTP, as the mail server in front of the mailbox would.
    pub fn deliver(&self, from: &str, to: &str, raw: &str) {
        let stream = TcpStream::connect(("127.0.0.1", self.lmtp)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut writer = stream;
        let mut expect = |code: &str| loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            assert!(line.starts_with(code), "LMTP: expected {code}, got {line:?}");
            if line.as_bytes().get(3) == Some(&b' ') {
                break;
            }
        };
        expect("220");
        let mut say = |line: String, code: &str, expect: &mut dyn FnMut(&str)| {
            writer.write_all(line.as_bytes()).unwrap();
            expect(code);
        };
        say("LHLO atrium.test\r\n".into(), "250", &mut expect);
        say(format!("MAIL FROM:<{from}>\r\n"), "250", &mut expect);
        say(format!("RCPT TO:<{to}>\r\n"), "250", &mut expect);
        say("DATA\r\n".into(), "354", &mut expect);
        // Dot-stuffed, CRLF line ends, then the end of data; LMTP answers once per recipient.
        let body: String = raw.replace("\r\n", "\n").lines().map(|l| if l.starts_with('.') { format!(".{l}\r\n") } else { format!("{l}\r\n") }).collect();
        say(format!("{body}.\r\n"), "250", &mut expect);
        let _ = writer.write_all(b"QUIT\r\n");
    }
}

impl Drop for Dovecot {
    // SIGTERM, so the master stops its login and mail processes too.
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}
