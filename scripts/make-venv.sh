#!/usr/bin/env bash
# Create the virtual environment with Python 3.11, installing Debian's venv module if missing.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
  if command -v python3.11 >/dev/null; then
    python=python3.11
  else
    echo "ITA Portal needs Python 3.11 ($python is $("$python" --version 2>&1))." >&2
    exit 1
  fi
fi
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  "$(dirname "$0")/debian-packages.sh" python3.11-venv
  "$python" -m venv "$venv"
fi
# Python 3.11's venv brings setuptools 65.5.0, which has known vulnerabilities: replace it at
# once with the release pinned in pyproject.toml (the run group keeps it there).
pin=$(grep -o '"setuptools==[0-9.]*"' "$(dirname "$0")/../pyproject.toml" | tr -d '"')
"$venv/bin/python" -m pip install --quiet "$pin"
