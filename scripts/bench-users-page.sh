#!/usr/bin/env bash
# The Users page benchmark (BENCHMARKS.md): a 50,000-user report, then the Users page (50 rows sorted by
# last active) and the compiled CSS file loaded side by side with wrk on loopback, 32 connections;
# before that, the Overview (/), Candidates and Finance pages timed one request at a time.
# Needs the release build (`cargo leptos build --release`) and wrk (`apt-get install wrk`).
#   bash scripts/bench-users-page.sh [USERS] [SECONDS]
# BENCH_DATA_DIR=dir keeps the synced data there and reuses it on the next run (skips the sync).
# SEAT_AUDIT__DATABASE__URL=postgres://… runs it on PostgreSQL (scripts/bench-postgres.sh does).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
users="${1:-50000}"
seconds="${2:-10}"
bin="$root/target/release/seat-audit"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The line a child prints once it listens, e.g. "Gong simulator listening on http://127.0.0.1:40123".
wait_for_line() {
  local file="$1" pattern="$2"
  for _ in $(seq 1 600); do
    if grep -q "$pattern" "$file" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "no '$pattern' in $file" >&2
  cat "$file" >&2
  return 1
}

"$bin" simulate --users "$users" --months 13 --calls-per-week 2 \
  --per-second 100000 --in-flight 64 --per-day 1000000000 >"$work/simulator.out" 2>"$work/simulator.err" &
pids+=($!)
wait_for_line "$work/simulator.out" "listening on"
sim_url="$(grep -o 'http://[0-9.:]*' "$work/simulator.out" | head -1)"
key="$(awk '/access key:/ { print $3 }' "$work/simulator.out")"
secret="$(awk '/access key secret:/ { print $4 }' "$work/simulator.out")"

data="${BENCH_DATA_DIR:-$work/data}"
export SEAT_AUDIT__DATA_DIR="$data"
export SEAT_AUDIT__SITE_ROOT="$root/target/site"
export SEAT_AUDIT__GONG__BASE_URL="$sim_url"
export SEAT_AUDIT__GONG__ACCESS_KEY="$key"
export SEAT_AUDIT__GONG__ACCESS_KEY_SECRET="$secret"
export SEAT_AUDIT__SYNC__REQUESTS_PER_SECOND=1000
export SEAT_AUDIT__SYNC__DAILY_QUOTA=100000000
export SEAT_AUDIT__SYNC__ON_START=false
export RUST_LOG=warn
# Pages need a signed-in account: the first admin, created on first start.
export SEAT_AUDIT__ADMIN__EMAIL=bench@example.com
export SEAT_AUDIT__ADMIN__PASSWORD=bench-password-long-enough

if [[ -n "${BENCH_DATA_DIR:-}" && -e "$data/seat-audit.db" ]]; then
  echo "reusing the synced data in $data" >&2
else
  echo "syncing a company of $users users (the simulator's limits raised)" >&2
  start=$(date +%s)
  "$bin" sync </dev/null >/dev/null
  echo "sync took $(( $(date +%s) - start )) s" >&2
fi

"$bin" serve --addr 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
pids+=("$server_pid")
wait_for_line "$work/server.out" "listening on"
url="$(grep -o 'http://[0-9.:]*' "$work/server.out" | head -1)"

# Sign in as a browser would: the sign-in page gives a session and its CSRF token.
jar="$work/cookies"
csrf="$(curl -s -c "$jar" "$url/login" | grep -o 'name="csrf-token" content="[0-9a-f]*"' | grep -o '[0-9a-f]\{64\}')"
curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "email=$SEAT_AUDIT__ADMIN__EMAIL" \
  --data-urlencode "password=$SEAT_AUDIT__ADMIN__PASSWORD" --data-urlencode "csrf=$csrf" "$url/auth/login"
session="$(awk '$6 == "seat_audit_session" { print $7 }' "$jar")"
cookie="Cookie: seat_audit_session=$session"

users_page="$url/users?sort=last_active&dir=desc"
rows="$(curl -s -H "$cookie" "$users_page" | grep -o '<tr' | wc -l)"
echo "the Users page has $rows table rows (header included)" >&2

run() {
  local name="$1" target="$2"
  wrk -t2 -c32 -d"${seconds}s" --latency -H "$cookie" "$target" >"$work/$name.wrk"
  local rps p99
  rps="$(awk '/Requests\/sec/ { print $2 }' "$work/$name.wrk")"
  p99="$(awk '$1 == "99%" { print $2 }' "$work/$name.wrk")"
  echo "$name $rps $p99"
}

# The other heavy pages, one request at a time: the median of five full loads.
for path in / /candidates /finance; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$url$path")"
  [[ "$status" == 200 ]] || { echo "$path answered $status" >&2; exit 1; }
  times="$(for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "$cookie" "$url$path"; done | sort -n)"
  echo "$path one at a time: median $(echo "$times" | sed -n 3p) s (of $(echo "$times" | tr '\n' ' '))"
done

css="$(run css "$url/pkg/seat-audit.css")"
page="$(run users "$users_page")"
rss_kb="$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")"

css_rps="$(echo "$css" | awk '{ print $2 }')"
page_rps="$(echo "$page" | awk '{ print $2 }')"
printf '| target | requests/s | p99 |\n|---|---|---|\n'
printf '| compiled CSS | %s | %s |\n' "$css_rps" "$(echo "$css" | awk '{ print $3 }')"
printf '| Users page, 50 rows by last active | %s | %s |\n' "$page_rps" "$(echo "$page" | awk '{ print $3 }')"
awk -v p="$page_rps" -v c="$css_rps" 'BEGIN { printf "Users page at %.1f %% of the CSS file'"'"'s throughput\n", 100 * p / c }'
echo "server peak RSS: $(( rss_kb / 1024 )) MB"
