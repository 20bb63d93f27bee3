//! `atrium export-content DIR`: the content as readers get it, written back as the content
//! folder's own files, so a docs-as-code repository can take the studio's work in.

use std::path::Path;

/// Copies every file of the folder at `root` into `out`, then writes each published text at its
/// path over it. Returns how many published texts were written.
pub fn export(root: &Path, published: &[(String, String)], out: &Path) -> std::io::Result<usize> {
    copy_tree(root, out)?;
    for (path, text) in published {
        // Paths come from the studio, which only saves `<language>/<module>/<slug>.md` and
        // `_modules/<module>.yml`.
        if (super::split_path(path).is_none() && super::split_module_path(path).is_none()) || path.contains("..") {
            continue;
        }
        let target = out.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(target, text)?;
    }
    Ok(published.len())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
