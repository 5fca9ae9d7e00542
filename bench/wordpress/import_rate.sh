#!/usr/bin/env bash
# The import rate into PostgreSQL: a generated WXR of POSTS posts with COMMENTS comments each,
# imported into a new, empty database; prints the summary, the time and the peak memory.
# Usage: bench/wordpress/import_rate.sh [POSTS [COMMENTS_PER_POST [DATABASE]]]
# (defaults 2000 10 nr_import_bench; the database is dropped and made again). Needs /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
posts=${1:-2000}
comments=${2:-10}
db=${3:-nr_import_bench}
python=${PYTHON:-.venv/bin/python}
file=$(mktemp --suffix=.xml)
report=$(mktemp)
trap 'rm -f "$file" "$report"' EXIT
"$python" bench/wordpress/generate.py "$posts" "$comments" >"$file"
dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
createdb -h 127.0.0.1 -U postgres "$db"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$db DEBUG=${DEBUG:-on}
"$python" manage.py migrate -v0
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "wall %e s, user %U s, peak RSS %M KB" \
  "$python" manage.py import_wordpress "$file" --report "$report"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
