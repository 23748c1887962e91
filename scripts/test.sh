#!/usr/bin/env bash
# The whole suite: lint, then every test on SQLite, then again on PostgreSQL when one is
# reachable (DATABASE_URL, or the local server at 127.0.0.1:5432). With
# CAREMARKET_REQUIRE_POSTGRES=1 (as CI sets) a missing PostgreSQL is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1

echo "== lint (ruff)"
$BIN/ruff check .
$BIN/ruff format --check . >/dev/null || { $BIN/ruff format --check .; exit 1; }

PG_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/caremarket}"
unset DATABASE_URL

echo "== tests on SQLite"
$BIN/pytest -p no:warnings -n 2 --dist loadgroup "$@"

if $BIN/python scripts/postgres_reachable.py "$PG_URL"; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" $BIN/pytest -p no:warnings -n 2 --dist loadgroup "$@"
elif [ "${CAREMARKET_REQUIRE_POSTGRES:-0}" = "1" ]; then
  echo "PostgreSQL is required here but is not reachable at $PG_URL" >&2
  exit 1
else
  echo "== PostgreSQL not reachable at $PG_URL: skipped the PostgreSQL pass"
fi
