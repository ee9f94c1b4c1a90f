#!/usr/bin/env bash
# Starts the background worker, the schedule and the web server together; Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}

export WITHUS_BASE_URL=${WITHUS_BASE_URL:-http://$HOST:$PORT}  # links in emails
PIDS=()
stop_all() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap stop_all EXIT
trap 'exit 130' INT TERM

$PY manage.py db_worker --interval 2 &
WORKER=$!
PIDS+=("$WORKER")
# Reminders once a day after 7am, and messages held by quiet hours; a tick every minute here.
$PY manage.py run_schedule --interval 60 &
SCHEDULE=$!
PIDS+=("$SCHEDULE")

cat <<MSG

  withus is starting at  http://$HOST:$PORT/

  Demo sign-ins (password for all: withus-demo-2026):
    alice@eastfield.example         involvement coordinator, Eastfield Women's Centre
    bob@eastfield.example           viewer (manager/trustee), Eastfield Women's Centre
    charlie@northgate.example       involvement coordinator, Northgate Through the Gate
    admin@eastfield.example         organisation admin        } these roles need a second
    finance@eastfield.example       finance officer           } sign-in step: get the code with
    safeguarding@eastfield.example  safeguarding lead         } .venv/bin/python manage.py demo_mfa_code

  Participant portal: http://$HOST:$PORT/p/  (demo participant: type 07700 900000, then read the
  code under Messages as alice; or .venv/bin/python manage.py demo_portal_code for an access code)

  Emails (invitations, password resets, reminders) are printed here in the terminal.
  The background worker (process $WORKER) and the schedule (process $SCHEDULE) are running.
  Press Ctrl+C to stop everything.

MSG
# In the background too, so that Ctrl+C reaches this script at once and it stops all three.
$PY manage.py runserver "$HOST:$PORT" &
SERVER=$!
PIDS+=("$SERVER")
wait "$SERVER"
