#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for the tests on 127.0.0.1 and prints its connection string on stdout.
# Idempotent: installs Debian's postgresql package if missing, initdb's a data folder once, starts it if not running.
# Use: export OPTIMUS_TEST_POSTGRES="$(scripts/postgres-for-tests.sh)"
# Environment: OPTIMUS_PG_DIR (data folder, default /tmp/optimus-pg), OPTIMUS_PG_PORT (default: 55432, or the next
# free port when another server already listens there; the port is remembered in the data folder).
set -euo pipefail

dir="${OPTIMUS_PG_DIR:-/tmp/optimus-pg}"
db="optimus_test"

port_in_use() { (echo > "/dev/tcp/127.0.0.1/$1") >/dev/null 2>&1; }

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ]; then
  echo "postgres-for-tests: installing postgresql" >&2
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y postgresql >&2
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

# PostgreSQL refuses to run as root: run its tools as the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
  as_pg() { runuser -u postgres -- "$@"; }
  owner="postgres"
else
  as_pg() { "$@"; }
  owner="$(id -un)"
fi

if [ ! -f "$dir/PG_VERSION" ]; then
  mkdir -p "$dir"
  chown "$owner" "$dir"
  chmod 700 "$dir"
  as_pg "$bin/initdb" -D "$dir" -U postgres -A trust --no-sync >&2
fi

if as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1 && [ -f "$dir/optimus-port" ]; then
  port="$(cat "$dir/optimus-port")"
else
  port="${OPTIMUS_PG_PORT:-55432}"
  if [ -z "${OPTIMUS_PG_PORT:-}" ]; then
    while port_in_use "$port"; do port=$((port + 1)); done
  fi
  echo "$port" > "$dir/optimus-port"
  chown "$owner" "$dir/optimus-port"
fi

if ! as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
  # fsync stays on: the ledger's durability claims are tested against a real flush.
  as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-k /tmp -p $port -h 127.0.0.1 -c max_connections=200" start >&2
fi

if ! as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=postgres;Database=$db"
