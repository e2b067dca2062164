#!/usr/bin/env bash
# Writes static/vendor/bootstrap/bootstrap.subset.min.css: Bootstrap 5's stylesheet with only the
# rules the portal's templates, Python and scripts use (scripts/purgecss.config.cjs). Run it after
# using a Bootstrap class the portal did not use before (tests/ita_portal/test_css_subset.py says
# when) and commit the result: the portal serves the file as it is, with no npm at run time.
# PurgeCSS comes from the npm registry into a temporary folder, never into the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
tools=$(mktemp -d "${TMPDIR:-/tmp}/ita-purgecss.XXXXXX")
trap 'rm -rf "$tools"' EXIT
purgecss=${PURGECSS:-}  # an installed purgecss, or one installed here for this run
if [ -z "$purgecss" ]; then
  npm install --prefix "$tools" --no-audit --no-fund --silent purgecss@6 >/dev/null
  purgecss="$tools/node_modules/.bin/purgecss"
fi
SITE_PACKAGES=$("$python" -c 'import crispy_forms, pathlib; print(pathlib.Path(crispy_forms.__file__).parents[1])') \
  "$purgecss" --config scripts/purgecss.config.cjs --output "$tools"
# PurgeCSS keeps Bootstrap's licence comment and drops the source map's line (the map is the
# whole stylesheet's).
cp "$tools/bootstrap.min.css" static/vendor/bootstrap/bootstrap.subset.min.css
wc -c static/vendor/bootstrap/bootstrap.min.css static/vendor/bootstrap/bootstrap.subset.min.css
