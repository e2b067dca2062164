#!/usr/bin/env bash
# The development server and the task worker side by side; Ctrl-C stops both.
set -uo pipefail
python=$1 host=$2 port=$3

"$python" manage.py db_worker --no-reload --interval 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM

echo
echo "ITA Portal: http://$host:$port/  (Ctrl-C stops the web server and the task worker)"
echo
"$python" manage.py runserver "$host:$port"
