//! Content changes reach pages and search without a restart: the watched folder is reloaded after
//! each burst of changes, and a bad file never takes the good ones down.

mod common;

use common::*;
use std::{path::Path, time::Duration};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Polls for at most 15 s: the watcher reacts in well under a second on an idle machine.
async fn eventually(what: &str, check: impl Fn() -> bool) {
    for _ in 0..150 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("not seen within 15 s: {what}");
}

#[test]
fn a_changed_content_folder_is_reloaded_without_a_restart() {
    on_shared_runtime(async {
        let (app, state) = app_with_state().await;
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
        let dir = std::env::temp_dir().join(format!("atrium-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&root.join("_modules"), &dir.join("_modules"));
        copy_dir(&root.join("en/core-hr"), &dir.join("en/core-hr"));
        let _watcher = atrium_server::content::reload::watch(state.clone(), dir.clone()).expect("the folder can be watched");

        std::fs::write(
            dir.join("en/core-hr/zanzibar-office.md"),
            "---\ntitle: The Zanzibar office\nupdated: 2026-11-20\n---\nEmployees of the Zanzibar office use the same records.\n",
        )
        .unwrap();
        eventually("the new article in search", || finds(&state, "en", "zanzibar") == 1).await;
        assert!(get(&app, "127.0.0.1:3000", "/en/core-hr/zanzibar-office").await.body.contains("The Zanzibar office"));

        // A broken file next to an edit: the edit lands, the broken file is skipped, nothing is lost.
        std::fs::write(dir.join("en/core-hr/broken.md"), "---\ntitle: [unclosed\n---\n").unwrap();
        std::fs::write(
            dir.join("en/core-hr/zanzibar-office.md"),
            "---\ntitle: The Zanzibar and Pemba offices\nupdated: 2026-11-21\n---\nBoth offices use the same records.\n",
        )
        .unwrap();
        eventually("the edit in search", || finds(&state, "en", "pemba") == 1).await;
        assert_eq!(finds(&state, "en", "zanzibar"), 1);
        assert!(get(&app, "127.0.0.1:3000", "/en/core-hr/org-chart").await.body.contains("Organisation chart"));
        let _ = std::fs::remove_dir_all(&dir);
    })
}
