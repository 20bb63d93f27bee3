//! A full disk on SQLite: writes fail while it is full and succeed again, on the same pool, once
//! space is back. Runs on a small tmpfs mounted for the test (needs root, as in CI).

use atrium_core::{db, sqlx};
use std::path::{Path, PathBuf};

struct Mounted(PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

fn small_disk(dir: &Path, size: &str) -> Option<Mounted> {
    let ok = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(dir)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    ok.then(|| Mounted(dir.to_path_buf()))
}

async fn write(pool: &db::Pool, bytes: usize) -> Result<(), sqlx::Error> {
    let mut tx = db::begin(pool).await?;
    sqlx::query("INSERT INTO filler (b) VALUES ($1)").bind(vec![7u8; bytes]).execute(&mut *tx).await?;
    tx.commit().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_writes_then_the_same_pool_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_mounted) = small_disk(dir.path(), "3m") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root)");
        return;
    };
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("atrium.db").display());
    let pool = db::connect(&url).await.unwrap();
    sqlx::query("CREATE TABLE filler (b BLOB)").execute(&pool).await.unwrap();
    write(&pool, 1000).await.unwrap();
    // Fill what is left of the disk.
    let filler = dir.path().join("filler");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 4096];
        while f.write_all(&chunk).is_ok() {}
    }
    let mut failures = 0;
    for _ in 0..20 {
        if let Err(e) = write(&pool, 200_000).await {
            assert!(db::refuses_writes(&e), "a full disk is told apart from other failures: {e}");
            failures += 1;
        }
    }
    assert_eq!(failures, 20, "writes on a full disk fail");
    assert!(db::probe_write(&pool, 1).await.is_err(), "the readiness probe sees that nothing can be written");
    let read: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM filler").fetch_one(&pool).await.unwrap();
    assert_eq!(read, 1, "what was stored before is still there and readable");
    std::fs::remove_file(&filler).unwrap();
    let mut ok = 0;
    for _ in 0..20 {
        match write(&pool, 1000).await {
            Ok(()) => ok += 1,
            Err(e) => eprintln!("after: {e}"),
        }
    }
    assert_eq!(ok, 20, "every write succeeds once space is back, without a restart");
    db::probe_write(&pool, 2).await.unwrap();
}
