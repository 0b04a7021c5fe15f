#!/usr/bin/env bash
# The database benchmarks on both backends, side by side (BENCHMARKS.md, "SQLite and PostgreSQL"): the
# Users page at 50,000 users (scripts/bench-users-page.sh) and the 20,000-user sync (benches/sync.rs),
# first on SQLite, then on a throwaway PostgreSQL 15 cluster with its default durability
# (scripts/postgres.sh), all on loopback.
# Needs the release build (`cargo leptos build --release`) and wrk.
#   bash scripts/bench-postgres.sh [PAGE_USERS] [SYNC_USERS]
# BENCH_PROFILE=dev builds the sync benchmark unoptimised (minutes instead of a release build).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
page_users="${1:-50000}"
sync_users="${2:-20000}"
profile="${BENCH_PROFILE:-bench}"
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
cd "$root"

source "$root/scripts/postgres.sh"
start_postgres durable
server="$SEAT_AUDIT_TEST_POSTGRES"
database="bench_users_page"
psql "$server" --quiet --command "CREATE DATABASE $database"
page_url="${server%/postgres}/$database"

say "Users page at $page_users users on SQLite"
bash scripts/bench-users-page.sh "$page_users"
say "Users page at $page_users users on PostgreSQL"
SEAT_AUDIT__DATABASE__URL="$page_url" bash scripts/bench-users-page.sh "$page_users"

say "sync of $sync_users users on SQLite"
cargo bench --profile "$profile" -p seat-audit --bench sync -- --users "$sync_users" --no-baseline --no-hosted
say "sync of $sync_users users on PostgreSQL"
cargo bench --profile "$profile" -p seat-audit --bench sync -- --users "$sync_users" --no-baseline --no-hosted --postgres "$server"
