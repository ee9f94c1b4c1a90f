#!/usr/bin/env bash
# Everything CI checks, in order; stops at the first failure with a non-zero exit.
# Called by `make test` (after installing Python and front-end packages) and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PYTEST=(.venv/bin/pytest -q -p no:cacheprovider)
export WITHUS_ENV=test
unset DATABASE_URL

step() { printf '\n==> %s\n' "$*"; }

if [ "${CI:-}" = "true" ] || [ "$(id -u)" -eq 0 ]; then
  step "System packages for browser tests (Debian chromium), PDF documents (Pango) and PDF page images (poppler)"
  scripts/install-system-packages.sh chromium fonts-liberation libpango-1.0-0 libpangoft2-1.0-0 \
    poppler-utils
fi

step "Lint (ruff)"
.venv/bin/ruff check .
.venv/bin/ruff format --check .

step "Migrations match the models"
$PY manage.py makemigrations --check --dry-run

step "Deployment checks with production settings"
WITHUS_ENV=production DEBUG=false \
  SECRET_KEY="ci-check-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
  ALLOWED_HOSTS=withus.example.org WITHUS_BASE_URL=https://withus.example.org \
  DATABASE_URL=sqlite:///:memory: FIELD_ENCRYPTION_KEYS="$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  $PY manage.py check --deploy --fail-level WARNING

step "Static files collect with production storage"
static_tmp=$(mktemp -d)
WITHUS_ENV=production SECRET_KEY="ci-check-only-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')" \
  ALLOWED_HOSTS=withus.example.org WITHUS_BASE_URL=https://withus.example.org \
  DATABASE_URL=sqlite:///:memory: STATIC_ROOT="$static_tmp" \
  FIELD_ENCRYPTION_KEYS="$($PY -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')" \
  $PY manage.py collectstatic --noinput -v0
rm -rf "$static_tmp"

step "The number of tests has not dropped"
floor=$(tr -dc '0-9' < tests/MIN_TEST_COUNT)
collected=$("${PYTEST[@]}" --collect-only 2>/dev/null | grep -Eo '^[0-9]+ tests? collected' | grep -Eo '^[0-9]+' || echo 0)
echo "collected $collected tests (floor $floor, from tests/MIN_TEST_COUNT)"
if [ "$collected" -lt "$floor" ]; then
  echo "FAILED: fewer tests than tests/MIN_TEST_COUNT. A test was lost; if on purpose, lower the floor." >&2
  exit 1
fi

step "Test suite on SQLite"
"${PYTEST[@]}" -m "not browser"

step "Test suite on PostgreSQL"
eval "$(scripts/pg-test-server.sh start)"
trap 'scripts/pg-test-server.sh stop "$WITHUS_PG_DIR"' EXIT
"${PYTEST[@]}" -m "not browser"
scripts/pg-test-server.sh stop "$WITHUS_PG_DIR"
trap - EXIT
unset DATABASE_URL

step "Browser tests (headless Chromium, axe-core)"
"${PYTEST[@]}" -m browser

step "All checks passed"
