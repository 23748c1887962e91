#!/usr/bin/env bash
# Migrate the embedded SQLite database, load the demo world once, and serve it.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${1:-8000}"
BIN=.venv/bin
unset DATABASE_URL  # the demo always runs on the embedded SQLite database
$BIN/caremarket migrate --noinput -v0
$BIN/caremarket load-demo
echo
echo "Caremarket is running at http://127.0.0.1:${PORT}/ (press Ctrl+C to stop)"
exec $BIN/gunicorn caremarket.wsgi:application --bind "127.0.0.1:${PORT}" --workers 2 \
  --access-logfile - --log-level warning
