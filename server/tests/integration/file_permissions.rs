//! The data directory is private to the server's user: it holds password hashes and session ids.

use std::{os::unix::fs::PermissionsExt, path::Path};

use tempfile::TempDir;

use crate::support::start_binary;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Whether `name` is there: the database files are, unless the database is PostgreSQL.
fn kept(name: &str) -> bool {
    !(name.starts_with("seat-audit.db") && crate::support::on_postgres())
}

/// The modes that matter, by path relative to the data directory.
fn modes(data: &Path) -> Vec<(&'static str, String)> {
    [
        ".",
        "seat-audit.db",
        "seat-audit.db-wal",
        "seat-audit.db-shm",
        "simulator",
    ]
    .into_iter()
    .filter(|name| kept(name))
    .map(|name| {
        let path = data.join(name);
        let found = if path.exists() {
            format!("{:o}", mode(&path))
        } else {
            "missing".to_owned()
        };
        (name, found)
    })
    .collect()
}

const PRIVATE: [(&str, &str); 5] = [
    (".", "700"),
    ("seat-audit.db", "600"),
    ("seat-audit.db-wal", "600"),
    ("seat-audit.db-shm", "600"),
    ("simulator", "700"),
];

fn expected() -> Vec<(&'static str, String)> {
    PRIVATE
        .iter()
        .filter(|(name, _)| kept(name))
        .map(|(name, mode)| (*name, (*mode).to_owned()))
        .collect()
}

#[test]
fn a_new_data_directory_is_0700_and_the_database_files_0600() {
    let root = TempDir::new().unwrap();
    let data = root.path().join("data");
    let (mut child, _url) = start_binary(&data);

    let found = modes(&data);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(found, expected());
}

#[test]
fn an_existing_data_directory_with_loose_modes_is_tightened_at_start() {
    let root = TempDir::new().unwrap();
    let data = root.path().join("data");
    let (mut child, _url) = start_binary(&data);
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::create_dir_all(data.join("simulator")).unwrap();
    let state = data.join("simulator/scim-changes.json");
    std::fs::write(&state, "[]").unwrap();
    for (name, loose) in [
        (".", 0o755),
        ("seat-audit.db", 0o644),
        ("seat-audit.db-wal", 0o666),
        ("seat-audit.db-shm", 0o644),
        ("simulator", 0o755),
        ("simulator/scim-changes.json", 0o644),
    ] {
        let path = data.join(name);
        if path.exists() {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(loose)).unwrap();
        }
    }

    let (mut child, _url) = start_binary(&data);
    let found = modes(&data);
    let state_mode = mode(&state);
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(found, expected());
    assert_eq!(format!("{state_mode:o}"), "600", "the simulator's state");
}
