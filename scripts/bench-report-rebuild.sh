#!/usr/bin/env bash
# The report rebuild's statements at 50,000 users and 5 million calls (issue #14 item 8), timed by
# the sqlite3 shell on a synthetic database: before.sql holds the statements as they were, after.sql
# as server/src/sync/facts.rs runs them now. `cargo bench -p seat-audit --bench report` times the
# code itself on the same kind of data.
#
#   bash scripts/bench-report-rebuild.sh [DB]
#
# DB (default /tmp/seat-audit-report-bench.db) is generated once (all migrations, then
# generate.sql: 15 minutes on a busy 2-core machine) and reused afterwards. Each file runs with
# its output thrown away; `Run Time` lines are wall, user and system seconds per statement.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
here="$root/scripts/bench-report-rebuild"
db="${1:-/tmp/seat-audit-report-bench.db}"
command -v sqlite3 >/dev/null || { echo "needs the sqlite3 shell (apt-get install sqlite3)" >&2; exit 1; }
if [ ! -f "$db" ]; then
  cat "$root"/migrations/sqlite/*.sql | sqlite3 "$db"
  sqlite3 "$db" < "$here/generate.sql"
fi
sqlite3 "$db" "SELECT COUNT(*) || ' users' FROM gong_users; SELECT COUNT(*) || ' calls' FROM calls;
               SELECT COUNT(*) || ' activity days' FROM activity_days;"
for run in before after; do
  echo "== $run"
  # The shell prints each statement's result; only the labels and timings are wanted.
  sqlite3 "$db" < "$here/$run.sql" | grep -v '|' | grep -v '^[0-9-]*$' || true
done
