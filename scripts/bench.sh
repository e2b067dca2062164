#!/usr/bin/env bash
# `make bench`, inside scripts/with-postgres.sh and scripts/with-s3.sh: a fresh database, the
# demo, then the scale benchmarks of bench/ (load.py seeds its levels of organisations itself),
# each printing its figures. Media files go to a temporary folder, removed afterwards; the S3
# server's buckets are only for the storage figures at the end (published.py, storage.py).
#   scripts/bench.sh PYTHON   (BENCH_LEVELS, BENCH_USERS, BENCH_SECONDS, BENCH_PDF_REPEAT)
set -euo pipefail
python=$1
levels=${BENCH_LEVELS:-1,100,2000}
users=${BENCH_USERS:-50}
seconds=${BENCH_SECONDS:-30}
repeat=${BENCH_PDF_REPEAT:-3}
storage=${ITA_STORAGE:-local}  # s3 inside scripts/with-s3.sh

export DJANGO_SETTINGS_MODULE=ita_portal.settings.dev DEBUG=0 ITA_STORAGE=local
MEDIA_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/ita-bench-media.XXXXXX")
export MEDIA_ROOT
trap 'rm -rf "$MEDIA_ROOT"' EXIT

"$python" bench/common.py createdb
start=$(date +%s%N)
"$python" manage.py migrate --noinput -v0
echo "migrate (empty database): $(( ($(date +%s%N) - start) / 1000000 )) ms"
"$python" manage.py load_demo >/dev/null
echo "demo loaded"

echo
echo "== bench/load.py: levels $levels organisations, $users users, $seconds s each"
"$python" bench/load.py --levels "$levels" --users "$users" --seconds "$seconds"

echo
echo "== bench/pdf.py: $repeat runs of each rendering"
"$python" bench/pdf.py --repeat "$repeat"

echo
echo "== bench/published.py: the published PDF rendered, stored and downloaded, folder and bucket"
ITA_STORAGE=$storage "$python" bench/published.py --repeat "$repeat"

echo
echo "== bench/storage.py: files stored and streamed, folder and bucket"
ITA_STORAGE=$storage "$python" bench/storage.py
