"""Production settings refuse to start insecurely, and `check --deploy` is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOOD = {
    "WITHUS_ENV": "production",
    "SECRET_KEY": "p" * 30 + "-not-a-real-secret-but-long-enough-for-the-check",
    "ALLOWED_HOSTS": "withus.example.org",
    "WITHUS_BASE_URL": "https://withus.example.org",
    "DATABASE_URL": "sqlite:///:memory:",
    "FIELD_ENCRYPTION_KEYS": "q4GdCZ1aJ0sLpq0iu0A8fVhE5mD2r2tJz6pQyVhDk1E=",
}


def _manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "WITHUS_ENV", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(GOOD)
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_no_issues():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY must be set"),
        ({"DATABASE_URL": None}, "DATABASE_URL must point at the PostgreSQL database"),
        ({"FIELD_ENCRYPTION_KEYS": None}, "FIELD_ENCRYPTION_KEYS must be set in production"),
        ({"SECRET_KEY": "short"}, "at least 50 characters"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "true"}, "DEBUG must not be on"),
        ({"DEBUG": "sometimes"}, "DEBUG must be true or false"),
        ({"WITHUS_BASE_URL": "http://withus.example.org"}, "WITHUS_BASE_URL must be the https"),
        ({"EMAIL_USE_SSL": "true", "EMAIL_USE_TLS": "true"}, "cannot both be on"),
        ({"SESSION_IDLE_SECONDS": "ten"}, "SESSION_IDLE_SECONDS must be a whole number"),
    ],
)
def test_production_refuses_unsafe_configuration(override, message):
    result = _manage("check", **override)
    assert result.returncode != 0
    assert message in result.stderr
