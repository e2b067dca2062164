#!/usr/bin/env bash
# Run the whole suite. pytest's exit code 5 ("no tests ran") is a failure here: a suite that
# collects nothing has broken, it has not passed.
set -uo pipefail
python=$1
shift
"$python" -m pytest "$@"
status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treating that as a failure" >&2
  exit 1
fi
exit "$status"
