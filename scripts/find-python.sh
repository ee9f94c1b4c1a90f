#!/usr/bin/env bash
# Prints the path of a Python >= 3.12 interpreter, or explains what to install and fails.
set -u
candidates=(python3.14 python3.13 python3.12 python3)
for dir in "$HOME"/.pyenv/versions/3.14* "$HOME"/.pyenv/versions/3.13* "$HOME"/.pyenv/versions/3.12*; do
  [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
done
for candidate in "${candidates[@]}"; do
  path=$(command -v "$candidate" 2>/dev/null) || continue
  # pyenv shims exist for versions that are not selected; running the interpreter is the real test.
  if "$path" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then
    echo "$path"
    exit 0
  fi
done
cat >&2 <<'MSG'
withus needs Python 3.12 or newer (Django 6.1 requires it), and none was found.
Install one of these, then run the command again:
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (or python3.13)
  macOS:          brew install python@3.13
  pyenv:          pyenv install 3.13
MSG
exit 1
