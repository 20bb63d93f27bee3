//! The support mailbox, read over IMAP (`imap://` on a trusted network, `imaps://` anywhere
//! else): each unseen mail is handed over, then marked seen once it was dealt with, so a mail
//! whose handling failed is read again at the next pass.

use async_imap::Client;
use futures_util::TryStreamExt;
use std::{sync::Arc, time::Duration};
use tokio::io::{AsyncRead, AsyncWrite};

/// A whole pass is bounded: a mailbox server that stops answering never holds the jobs.
const IMAP_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, PartialEq, Eq)]
pub struct SupportMailbox {
    tls: bool,
    host: String,
    port: u16,
    user: String,
    password: String,
    folder: String,
}

impl std::fmt::Debug for SupportMailbox {
    // Never the password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}@{}:{}/{}", if self.tls { "imaps" } else { "imap" }, self.user, self.host, self.port, self.folder)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailboxError {
    #[error("support mailbox: {0}")]
    Imap(#[from] async_imap::error::Error),
    #[error("support mailbox: {0}")]
    Io(#[from] std::io::Error),
    #[error("support mailbox did not answer within {0:?}")]
    Timeout(Duration),
}

impl SupportMailbox {
    /// `imap[s]://user:password@host[:port][/folder]`, user and password percent-encoded; the
    /// folder is INBOX unless named.
    pub fn parse(url: &str) -> Option<SupportMailbox> {
        let url = url::Url::parse(url).ok()?;
        let tls = match url.scheme() {
            "imaps" => true,
            "imap" => false,
            _ => return None,
        };
        let host = super::server_host(&url)?;
        let decode = super::percent_decoded;
        let user = decode(url.username()).filter(|u| !u.is_empty())?;
        let password = decode(url.password().unwrap_or(""))?;
        let folder = decode(url.path().trim_start_matches('/')).filter(|f| !f.is_empty()).unwrap_or_else(|| "INBOX".into());
        if url.query().is_some() || url.fragment().is_some() {
            return None;
        }
        Some(SupportMailbox { tls, port: url.port().unwrap_or(if tls { 993 } else { 143 }), host, user, password, folder })
    }

    /// The unseen mails (at most `limit`, oldest first) with their UIDs, left unseen.
    pub async fn unseen(&self, limit: usize) -> Result<Vec<(u32, Vec<u8>)>, MailboxError> {
        self.session(Work::Fetch(limit)).await
    }

    /// Marks these mails seen, once they were dealt with.
    pub async fn mark_seen(&self, uids: &[u32]) -> Result<(), MailboxError> {
        if !uids.is_empty() {
            self.session(Work::MarkSeen(uids.to_vec())).await?;
        }
        Ok(())
    }

    async fn session(&self, work: Work) -> Result<Vec<(u32, Vec<u8>)>, MailboxError> {
        let pass = async {
            let tcp = tokio::net::TcpStream::connect((self.host.as_str(), self.port)).await?;
            if self.tls {
                let roots = tokio_rustls::rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
                let config = tokio_rustls::rustls::ClientConfig::builder().with_root_certificates(roots).with_no_client_auth();
                let name = tokio_rustls::rustls::pki_types::ServerName::try_from(self.host.clone())
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
                let stream = tokio_rustls::TlsConnector::from(Arc::new(config)).connect(name, tcp).await?;
                self.run(Client::new(stream), work).await
            } else {
                self.run(Client::new(tcp), work).await
            }
        };
        tokio::time::timeout(IMAP_TIMEOUT, pass).await.map_err(|_| MailboxError::Timeout(IMAP_TIMEOUT))?
    }

    async fn run<T>(&self, mut client: Client<T>, work: Work) -> Result<Vec<(u32, Vec<u8>)>, MailboxError>
    where
        T: AsyncRead + AsyncWrite + Unpin + std::fmt::Debug + Send,
    {
        client.read_response().await?;
        let mut session = client.login(&self.user, &self.password).await.map_err(|(e, _)| e)?;
        session.select(&self.folder).await?;
        let mut out = Vec::new();
        match work {
            Work::Fetch(limit) => {
                let mut unseen: Vec<u32> = session.uid_search("UNSEEN").await?.into_iter().collect();
                unseen.sort_unstable();
                for uid in unseen.into_iter().take(limit) {
                    // PEEK: reading does not mark it seen; only a mail dealt with is.
                    let fetched: Vec<_> = session.uid_fetch(uid.to_string(), "BODY.PEEK[]").await?.try_collect().await?;
                    if let Some(raw) = fetched.iter().find_map(|f| f.body()) {
                        out.push((uid, raw.to_vec()));
                    }
                }
            }
            Work::MarkSeen(uids) => {
                let set = uids.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
                let _: Vec<_> = session.uid_store(set, "+FLAGS (\\Seen)").await?.try_collect().await?;
            }
        }
        session.logout().await?;
        Ok(out)
    }
}

enum Work {
    Fetch(usize),
    MarkSeen(Vec<u32>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_addresses_are_checked_and_the_password_never_printed() {
        let m = SupportMailbox::parse("imaps://support%40acme.example:p%40ss@imap.acme.example/Support").unwrap();
        assert_eq!((m.tls, m.port, m.user.as_str(), m.password.as_str(), m.folder.as_str()), (true, 993, "support@acme.example", "p@ss", "Support"));
        assert_eq!(format!("{m:?}"), "imaps://support@acme.example@imap.acme.example:993/Support");
        let plain = SupportMailbox::parse("imap://help:secret@127.0.0.1:10143").unwrap();
        assert_eq!((plain.tls, plain.port, plain.folder.as_str()), (false, 10143, "INBOX"));
        for bad in ["http://u:p@host", "imap://host", "imap://u:p@/INBOX", "imap://u:p@host?x=1", "not a url"] {
            assert!(SupportMailbox::parse(bad).is_none(), "{bad}");
        }
    }
}
