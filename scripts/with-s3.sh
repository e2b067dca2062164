#!/usr/bin/env bash
# Run a command against a throwaway S3-compatible server: moto's standalone server (from PyPI,
# in the portal's venv) on a free port of 127.0.0.1, one bucket, ITA_STORAGE=s3 and the AWS_*
# variables exported for the command, the server stopped afterwards (it keeps everything in
# memory, so nothing is left behind). Nothing here ever reaches a cloud: the endpoint is set,
# the keys are fixed test values, and boto3's instance-metadata lookups are off.
set -euo pipefail
python=${ITA_S3_PYTHON:-.venv/bin/python}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ita-s3.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$python" -m moto.server -H 127.0.0.1 -p "$port" >"$tmp/server.log" 2>&1 &
server=$!

export ITA_STORAGE=s3
export AWS_S3_ENDPOINT_URL="http://127.0.0.1:$port"
export AWS_STORAGE_BUCKET_NAME=ita-media
export AWS_S3_REGION_NAME=us-east-1
export AWS_S3_ADDRESSING_STYLE=path
export AWS_ACCESS_KEY_ID=ita-test-key
export AWS_SECRET_ACCESS_KEY=ita-test-secret
export AWS_EC2_METADATA_DISABLED=true
# Keep boto3 off the developer's own ~/.aws (profiles, another endpoint).
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

"$python" - <<'PY' || { cat "$tmp/server.log" >&2; exit 1; }
import os, time
import boto3
from botocore.exceptions import EndpointConnectionError

s3 = boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
                  region_name=os.environ["AWS_S3_REGION_NAME"])
for _ in range(300):  # up to 30 s for the server to answer
    try:
        s3.create_bucket(Bucket=os.environ["AWS_STORAGE_BUCKET_NAME"])
        break
    except EndpointConnectionError:
        time.sleep(0.1)
else:
    raise SystemExit("the S3 server did not answer within 30 s")
PY
echo "S3 (moto $("$python" -c 'import moto; print(moto.__version__)')) on $AWS_S3_ENDPOINT_URL, bucket $AWS_STORAGE_BUCKET_NAME"
"$@"
