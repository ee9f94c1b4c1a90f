#!/usr/bin/env bash
# Starts the background worker and the web server together; Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

export WITHUS_BASE_URL=${WITHUS_BASE_URL:-http://$HOST:$PORT}  # links in emails
$PY manage.py db_worker --interval 2 &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

cat <<MSG

  withus is starting at  http://$HOST:$PORT/

  Demo sign-ins (password for all: withus-demo-2026):
    alice@eastfield.example         involvement coordinator, Eastfield Women's Centre
    bob@eastfield.example           viewer (manager/trustee), Eastfield Women's Centre
    charlie@northgate.example       involvement coordinator, Northgate Through the Gate
    admin@eastfield.example         organisation admin        } these roles need a second
    finance@eastfield.example       finance officer           } sign-in step: get the code with
    safeguarding@eastfield.example  safeguarding lead         } .venv/bin/python manage.py demo_mfa_code

  Emails (invitations, password resets) are printed here in the terminal.
  The background worker is running (process $WORKER). Press Ctrl+C to stop both.

MSG
$PY manage.py runserver "$HOST:$PORT"
