//! An LMTP listener's side of the protocol (RFC 2033), for a mail relay that delivers the support
//! address straight to the help centre instead of into a mailbox. One session takes any number of
//! mails; each is handed over once, and every recipient gets the answer of that one handling: a
//! mail that could not be stored (the database away) is refused for now, so the relay retries.
//! The relay, not this listener, checks senders (SPF, DKIM, DMARC), as a mailbox's server would.

use std::{future::Future, time::Duration};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// Longest command line accepted (RFC 5321 allows 512 with the line end).
const MAX_LINE: usize = 1_000;
const MAX_RECIPIENTS: usize = 100;
/// A silent client is let go after this long.
const IDLE: Duration = Duration::from_secs(300);

/// What became of one mail, as the relay is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// Dealt with (added, refused with a reply, or set aside): never deliver it again.
    Done,
    /// Not stored: deliver it again later.
    TryLater,
}

/// Reads one line, at most `MAX_LINE` bytes; `None` at the end of the stream or past the limit.
async fn line<R: AsyncRead + Unpin>(reader: &mut BufReader<R>, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let read = tokio::time::timeout(IDLE, (&mut *reader).take(limit as u64 + 1).read_until(b'\n', &mut buf))
        .await
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::TimedOut, "idle"))??;
    if read == 0 || buf.len() > limit {
        return Ok(None);
    }
    Ok(Some(buf))
}

/// Serves one LMTP session on `stream`, handing each mail (at most `max_bytes`) to `deliver`.
pub async fn session<S, F, Fut>(stream: S, host: &str, max_bytes: usize, mut deliver: F) -> std::io::Result<()>
where
    S: AsyncRead + AsyncWrite + Unpin,
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Handled>,
{
    let (read, mut write) = tokio::io::split(stream);
    let mut reader = BufReader::new(read);
    write.write_all(format!("220 {host} LMTP Atrium ready\r\n").as_bytes()).await?;
    let (mut greeted, mut sender, mut recipients) = (false, false, 0usize);
    while let Some(raw) = line(&mut reader, MAX_LINE).await? {
        let text = String::from_utf8_lossy(&raw);
        let command = text.trim_end();
        let verb = command.split([' ', ':']).next().unwrap_or_default().to_ascii_uppercase();
        let answer: String = match verb.as_str() {
            "LHLO" => {
                greeted = true;
                format!("250-{host}\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250 SIZE {max_bytes}\r\n")
            }
            "MAIL" if !greeted => "503 5.5.1 LHLO first\r\n".into(),
            "MAIL" => {
                (sender, recipients) = (true, 0);
                "250 2.1.0 OK\r\n".into()
            }
            "RCPT" if !sender => "503 5.5.1 MAIL first\r\n".into(),
            "RCPT" if recipients >= MAX_RECIPIENTS => "452 4.5.3 Too many recipients\r\n".into(),
            "RCPT" => {
                recipients += 1;
                "250 2.1.5 OK\r\n".into()
            }
            "DATA" if recipients == 0 => "503 5.5.1 RCPT first\r\n".into(),
            "DATA" => {
                write.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n").await?;
                let Some(mail) = message(&mut reader, max_bytes).await? else {
                    write.write_all(b"552 5.3.4 Message too big\r\n").await?;
                    return Ok(());
                };
                let status = match deliver(mail).await {
                    Handled::Done => "250 2.0.0 Delivered\r\n",
                    Handled::TryLater => "451 4.3.0 Not stored; try again later\r\n",
                };
                // LMTP answers once per recipient.
                write.write_all(status.repeat(recipients).as_bytes()).await?;
                (sender, recipients) = (false, 0);
                continue;
            }
            "RSET" => {
                (sender, recipients) = (false, 0);
                "250 2.0.0 OK\r\n".into()
            }
            "NOOP" => "250 2.0.0 OK\r\n".into(),
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => "500 5.5.2 Unknown command\r\n".into(),
        };
        write.write_all(answer.as_bytes()).await?;
    }
    Ok(())
}

/// The mail after DATA, dot-unstuffed, up to its final `.` line; `None` past `max_bytes`.
async fn message<R: AsyncRead + Unpin>(reader: &mut BufReader<R>, max_bytes: usize) -> std::io::Result<Option<Vec<u8>>> {
    let mut mail = Vec::new();
    // A line of a mail may be long (base64 is not, but HTML can be): up to the whole limit.
    while let Some(raw) = line(reader, max_bytes).await? {
        if raw == b".\r\n" || raw == b".\n" {
            return Ok(Some(mail));
        }
        let unstuffed = if raw.starts_with(b"..") { &raw[1..] } else { &raw[..] };
        if mail.len() + unstuffed.len() > max_bytes {
            return Ok(None);
        }
        mail.extend_from_slice(unstuffed);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn talk(script: &str, max_bytes: usize, outcome: Handled) -> (String, Vec<Vec<u8>>) {
        let (client, server) = tokio::io::duplex(64 * 1024);
        let delivered = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let kept = delivered.clone();
        let serving = tokio::spawn(async move {
            session(server, "help.example", max_bytes, |mail| {
                kept.lock().unwrap().push(mail);
                async move { outcome }
            })
            .await
        });
        let (mut read, mut write) = tokio::io::split(client);
        write.write_all(script.as_bytes()).await.unwrap();
        let mut answer = String::new();
        read.read_to_string(&mut answer).await.unwrap();
        serving.await.unwrap().unwrap();
        let mails = delivered.lock().unwrap().clone();
        (answer, mails)
    }

    #[tokio::test]
    async fn a_mail_to_two_recipients_is_handed_over_once_and_answered_for_each() {
        let script = "LHLO relay\r\nMAIL FROM:<ada@acme.example>\r\nRCPT TO:<help@atrium.example>\r\nRCPT TO:<help+x@atrium.example>\r\nDATA\r\n\
                      Subject: Hi\r\n\r\n..a line starting with a dot\r\n.\r\nQUIT\r\n";
        let (answer, mails) = talk(script, 10_000, Handled::Done).await;
        assert_eq!(mails, [b"Subject: Hi\r\n\r\n.a line starting with a dot\r\n".to_vec()]);
        assert_eq!(answer.matches("250 2.0.0 Delivered").count(), 2, "{answer}");
        assert!(answer.ends_with("221 2.0.0 Bye\r\n"));
    }

    #[tokio::test]
    async fn a_mail_not_stored_is_refused_for_now_and_out_of_order_commands_are_refused() {
        let (answer, _) = talk(
            "MAIL FROM:<a@b>\r\nLHLO r\r\nRCPT TO:<x@y>\r\nDATA\r\nMAIL FROM:<a@b>\r\nRCPT TO:<x@y>\r\nDATA\r\nx\r\n.\r\nQUIT\r\n",
            100,
            Handled::TryLater,
        )
        .await;
        assert!(answer.contains("503 5.5.1 LHLO first") && answer.contains("503 5.5.1 MAIL first") && answer.contains("503 5.5.1 RCPT first"), "{answer}");
        assert!(answer.contains("451 4.3.0"), "{answer}");
    }

    #[tokio::test]
    async fn a_mail_over_the_size_limit_is_refused_and_never_handed_over() {
        let big = "x".repeat(200);
        let (answer, mails) = talk(&format!("LHLO r\r\nMAIL FROM:<a@b>\r\nRCPT TO:<x@y>\r\nDATA\r\n{big}\r\n{big}\r\n.\r\n"), 300, Handled::Done).await;
        assert!(mails.is_empty() && answer.contains("552 5.3.4"), "{answer}");
    }
}
