#!/usr/bin/env bash
# Command 2: run every test: unit, integration, and end-to-end in real Chromium against the release build.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The deployment test checks deploy/seat-audit.service with systemd-analyze.
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
# The contract tests' third-party Gong client (gong-rs) links OpenSSL.
pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev pkg-config)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages the tests need: ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

say "formatting and lints"
cargo fmt --all -- --check
cargo clippy --all-targets -- -D warnings

# Every unit, integration and end-to-end test runs twice: on SQLite, and on a throwaway PostgreSQL 15
# server (each test makes a database of its own there).
source "$root/scripts/postgres.sh"
start_postgres
postgres_url="$SEAT_AUDIT_TEST_POSTGRES"
unset SEAT_AUDIT_TEST_POSTGRES

say "unit and integration tests on SQLite"
cargo test

say "unit and integration tests on PostgreSQL"
SEAT_AUDIT_TEST_POSTGRES="$postgres_url" cargo test

say "building the release the demo serves"
cargo leptos build --release

say "the release binary is one file: started from an empty directory it serves a page and its wasm"
cargo test -p seat-audit --test integration -- --ignored one_file::

say "end-to-end tests in Chromium on SQLite"
(cd end2end && npx playwright test)

say "end-to-end tests in Chromium on PostgreSQL"
(cd end2end && SEAT_AUDIT_TEST_POSTGRES="$postgres_url" npx playwright test)
