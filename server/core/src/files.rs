//! Where files attached to tickets are kept, behind one interface. In the database (the default:
//! nothing else to back up or share between nodes), or in a directory (a mount shared by every
//! node, to keep the database small). The attachment row is the same either way; its `data` column
//! holds the bytes (base64) only for the database store.

use base64::Engine as _;
use std::{io, path::PathBuf};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum FileStore {
    #[default]
    Database,
    /// `<dir>/<tenant>/<attachment id>`.
    Directory(PathBuf),
}

/// Ids become path parts only if they cannot climb out of the store.
fn safe(part: &str) -> io::Result<&str> {
    if !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Ok(part)
    } else {
        Err(io::Error::new(io::ErrorKind::InvalidInput, format!("{part:?} cannot name a stored file")))
    }
}

impl FileStore {
    /// The folder holding one tenant's files, for a directory store.
    pub fn tenant_dir(&self, tenant: &str) -> io::Result<Option<PathBuf>> {
        match self {
            FileStore::Database => Ok(None),
            FileStore::Directory(root) => Ok(Some(root.join(safe(tenant)?))),
        }
    }

    fn path(&self, tenant: &str, id: &str) -> io::Result<Option<PathBuf>> {
        Ok(self.tenant_dir(tenant)?.map(|dir| dir.join(id)))
    }

    /// Stores a new file; returns what the row's `data` column gets. A directory store writes a
    /// temporary file and renames it, so a reader never sees half a file.
    pub async fn put(&self, tenant: &str, id: &str, bytes: &[u8]) -> io::Result<String> {
        let Some(path) = self.path(tenant, safe(id)?)? else {
            return Ok(base64::engine::general_purpose::STANDARD.encode(bytes));
        };
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let partial = path.with_extension("partial");
        tokio::fs::write(&partial, bytes).await?;
        tokio::fs::rename(&partial, &path).await?;
        Ok(String::new())
    }

    /// A stored file's bytes, from the row's `data` or from the directory; None when missing.
    pub async fn get(&self, tenant: &str, id: &str, data: &str) -> io::Result<Option<Vec<u8>>> {
        if !data.is_empty() {
            // Rows written before a move to a directory store keep their bytes in the database.
            return Ok(base64::engine::general_purpose::STANDARD.decode(data).ok());
        }
        let Some(path) = self.path(tenant, safe(id)?)? else { return Ok(None) };
        match tokio::fs::read(path).await {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Deletes one file from a directory store (the row's `data` is the caller's to clear).
    pub async fn remove(&self, tenant: &str, id: &str) -> io::Result<()> {
        let Some(path) = self.path(tenant, safe(id)?)? else { return Ok(()) };
        match tokio::fs::remove_file(path).await {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Deletes every file of a tenant; how many there were.
    pub async fn remove_tenant(&self, tenant: &str) -> io::Result<u64> {
        let Some(dir) = self.tenant_dir(tenant)? else { return Ok(0) };
        let count = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.count() as u64,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(e),
        };
        tokio::fs::remove_dir_all(&dir).await?;
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_directory_store_keeps_files_per_tenant_and_refuses_paths_that_climb_out() {
        let root = tempfile::tempdir().unwrap();
        let store = FileStore::Directory(root.path().to_path_buf());
        assert_eq!(store.put("acme", "a1", b"png bytes").await.unwrap(), "", "the row keeps no bytes");
        assert_eq!(store.get("acme", "a1", "").await.unwrap().unwrap(), b"png bytes");
        assert!(store.get("globex", "a1", "").await.unwrap().is_none(), "another tenant's folder");
        assert!(store.put("acme", "../globex/x", b"no").await.is_err());
        assert!(store.put("..", "x", b"no").await.is_err());
        store.remove("acme", "a1").await.unwrap();
        store.remove("acme", "a1").await.unwrap();
        assert!(store.get("acme", "a1", "").await.unwrap().is_none());
        store.put("acme", "a2", b"x").await.unwrap();
        assert_eq!(store.remove_tenant("acme").await.unwrap(), 1);
        assert!(!root.path().join("acme").exists());

        let db = FileStore::Database;
        let data = db.put("acme", "a1", b"png bytes").await.unwrap();
        assert_eq!(db.get("acme", "a1", &data).await.unwrap().unwrap(), b"png bytes");
    }
}
