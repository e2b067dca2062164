#!/usr/bin/env bash
# `make audit`: pip-audit over the packages of the portal's venv ($1 is its python).
# pip-audit lives in its own venv (var/audit-venv), so the portal's venv holds only its own
# packages; PIPAPI_PYTHON_LOCATION points pip-audit at the portal's interpreter. --strict: a
# package that cannot be checked (no network, not on PyPI) fails the audit instead of passing.
set -uo pipefail
python=$1
tools=var/audit-venv
audit_version=2.10.1

if [ ! -x "$tools/bin/pip-audit" ]; then
  "$python" -m venv "$tools" || exit 1
  "$tools/bin/python" -m pip install --quiet "pip-audit==$audit_version" || exit 1
fi
PIPAPI_PYTHON_LOCATION="$(realpath "$python")" "$tools/bin/pip-audit" --strict \
  --progress-spinner off --desc on
status=$?
if [ "$status" -ne 0 ]; then
  echo "make audit: pip-audit found known vulnerabilities or could not check every package" \
    "(it needs PyPI's vulnerability data; offline, each package is 'could not be audited')." >&2
fi
exit "$status"
