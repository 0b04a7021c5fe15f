#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suite's PostgreSQL run: a new cluster in a temporary
# folder, on a free loopback port, password authentication, stopped and deleted when the calling
# script exits. Sourced by scripts/test.sh and scripts/bench-postgres.sh; installs Debian's
# PostgreSQL when it is missing. Sets SEAT_AUDIT_TEST_POSTGRES to a URL of the server's `postgres`
# database (each test makes a database of its own there).

pg_bin=/usr/lib/postgresql/15/bin

# start_postgres [durable]: `durable` keeps PostgreSQL's default fsync and synchronous commit (the
# benchmarks); without it they are off, as a throwaway test cluster needs no crash safety.
start_postgres() {
  if [ ! -x "$pg_bin/initdb" ]; then
    say "installing PostgreSQL 15 (Debian's postgresql package)"
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  pg_dir="$(mktemp -d /tmp/seat-audit-pg.XXXXXX)"
  # PostgreSQL refuses to run as root; the package's `postgres` user runs it then.
  local as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pg_dir"
    as=(runuser -u postgres --)
  fi
  local port password
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  password="test-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
  printf '%s\n' "$password" >"$pg_dir/password"
  if [ "$(id -u)" = 0 ]; then chown postgres "$pg_dir/password"; fi
  # From / : the postgres user may not enter the caller's folder (initdb and pg_ctl complain).
  cd /
  # UTF-8 for the ICU `nocase` collation; the C locale sorts text byte-wise, as SQLite does.
  "${as[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -U seat_audit --pwfile="$pg_dir/password" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log"
  rm "$pg_dir/password"
  local tuning="-c fsync=off -c synchronous_commit=off"
  if [ "${1:-}" = durable ]; then tuning=""; fi
  "${as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w \
    -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=400 $tuning" \
    start >/dev/null
  cd - >/dev/null
  pg_as=("${as[@]}")
  export SEAT_AUDIT_TEST_POSTGRES="postgres://seat_audit:$password@127.0.0.1:$port/postgres"
  say "PostgreSQL 15 for the tests on 127.0.0.1:$port ($pg_dir)"
  trap stop_postgres EXIT
}

stop_postgres() {
  if [ -n "${pg_dir:-}" ] && [ -d "$pg_dir/data" ]; then
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$pg_dir"
  fi
}
