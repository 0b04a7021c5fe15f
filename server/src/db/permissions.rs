//! Keeps the data directory private to the server's user: the database holds password hashes and
//! session ids, and the demo simulator's state sits beside it. Directories are 0700 and files 0600;
//! looser modes left by an earlier version are tightened at start-up, and logged.

use std::{io, path::Path};

/// Creates `dir` (and its parents) if missing, and makes it 0700.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    tighten(dir, 0o700)
}

/// Creates `file` empty with mode 0600 if missing, else makes it 0600.
pub fn private_file(file: &Path) -> io::Result<()> {
    if !file.exists() {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(file)?;
    }
    tighten(file, 0o600)
}

/// Makes every file directly in `dir` 0600, when `dir` exists.
pub fn private_files_in(dir: &Path) -> io::Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            tighten(&entry.path(), 0o600)?;
        }
    }
    Ok(())
}

/// Makes an existing `path` `mode` if it grants more, logging the change; a missing path is fine.
pub fn tighten_if_present(path: &Path, mode: u32) -> io::Result<()> {
    match tighten(path, mode) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn tighten(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let current = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if current & !mode != 0 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
        tracing::warn!(
            path = %path.display(),
            was = format!("{current:o}"),
            now = format!("{mode:o}"),
            "tightened the permissions of the data directory's contents"
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten(path: &Path, _mode: u32) -> io::Result<()> {
    std::fs::metadata(path).map(|_| ())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_new_directory_and_file_are_private_and_loose_ones_are_tightened() {
        let root = tempfile::TempDir::new().unwrap();
        let dir = root.path().join("data");
        private_dir(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700);
        let file = dir.join("seat-audit.db");
        private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o600);

        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        private_dir(&dir).unwrap();
        private_files_in(&dir).unwrap();
        assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
    }

    #[test]
    fn a_stricter_mode_is_left_alone() {
        let root = tempfile::TempDir::new().unwrap();
        let file = root.path().join("f");
        private_file(&file).unwrap();
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o400)).unwrap();
        private_file(&file).unwrap();
        assert_eq!(mode(&file), 0o400);
    }
}
