#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs and starts what the tests need, then runs every test.
# Needs the .NET 10 SDK and ../shared (the test model) beside this repository; tests never use the network.
# The ledger's PostgreSQL tests get a throwaway server on 127.0.0.1 (Debian's postgresql, installed if missing),
# stopped again at the end; set OPTIMUS_TEST_POSTGRES to use a server of your own instead.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f ../shared/models/stories260K.gguf ]; then
  echo "test.sh: ../shared/models/stories260K.gguf is missing; the tests need ../shared beside the repository." >&2
  exit 1
fi

if [ -z "${OPTIMUS_TEST_POSTGRES:-}" ]; then
  export OPTIMUS_PG_DIR="${OPTIMUS_PG_DIR:-$(mktemp -d /tmp/optimus-pg.XXXXXX)}"
  OPTIMUS_TEST_POSTGRES="$(scripts/postgres-for-tests.sh)"
  export OPTIMUS_TEST_POSTGRES
  stop_postgres() {
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
    if [ "$(id -u)" -eq 0 ]; then
      runuser -u postgres -- "$bin/pg_ctl" -D "$OPTIMUS_PG_DIR" -m fast stop >/dev/null 2>&1 || true
    else
      "$bin/pg_ctl" -D "$OPTIMUS_PG_DIR" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$OPTIMUS_PG_DIR"
  }
  trap stop_postgres EXIT
fi

dotnet test Optimus.slnx "$@"
