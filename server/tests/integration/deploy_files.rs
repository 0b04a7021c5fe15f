//! The deployment files under `deploy/` as an operator would check them before installing:
//! systemd accepts the unit as written (with this build's binary in place of the installed path),
//! and its hardening leaves a low exposure by systemd's own measure.

use std::{path::Path, process::Command};

use tempfile::TempDir;

/// `deploy/seat-audit.service` with the path it installs the binary at replaced by this build's.
fn unit_with_this_binary(dir: &TempDir) -> std::path::PathBuf {
    let unit = Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/seat-audit.service");
    let text = std::fs::read_to_string(unit).unwrap();
    assert!(
        text.contains("ExecStart=/usr/local/bin/seat-audit serve"),
        "{text}"
    );
    let text = text.replace(
        "/usr/local/bin/seat-audit",
        env!("CARGO_BIN_EXE_seat-audit"),
    );
    let path = dir.path().join("seat-audit.service");
    std::fs::write(&path, text).unwrap();
    path
}

fn systemd_analyze(args: &[&str], unit: &Path) -> (bool, String) {
    let output = Command::new("systemd-analyze")
        .args(args)
        .arg(unit)
        .output()
        .expect("systemd-analyze runs (Debian's systemd package)");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[test]
fn systemd_accepts_the_unit_and_rates_its_exposure_low() {
    let dir = TempDir::new().unwrap();
    let unit = unit_with_this_binary(&dir);
    let (ok, text) = systemd_analyze(&["verify"], &unit);
    assert!(
        ok && text.trim().is_empty(),
        "systemd-analyze verify: {text}"
    );
    // systemd's scale runs from 0 (locked down) to 10 (exposed); 2 or less is "OK".
    let (ok, text) = systemd_analyze(&["security", "--offline=true", "--threshold=20"], &unit);
    let rating = text
        .lines()
        .find(|l| l.contains("Overall exposure level"))
        .unwrap_or_else(|| panic!("no rating in: {text}"));
    let level: f64 = rating
        .split(':')
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no number in {rating:?}"));
    assert!(ok && level <= 2.0, "{rating}");
}
