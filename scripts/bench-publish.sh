#!/usr/bin/env bash
# Issue 26's publishing benchmark: two nodes on one PostgreSQL serve a content folder of about
# 16,000 articles (the astro docs and tldr from ../shared/corpora, imported); a publisher publishes
# one new article in the studio on node A, and the script measures how long until node A's and
# node B's search find it. The baseline, measured in the same run on the same nodes, is what one
# node takes at start-up to load that content and build its index: a publication costs the nodes
# one such rebuild each, off the request path, so the ratio says how close to that cost it stays.
# Every wait is bounded and stops by itself; traffic stays on 127.0.0.1. Writes
# target/bench/publish.md. Skips with a message when the corpora are absent.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared/corpora
if [ ! -d "$SHARED/astro-docs/src/content/docs" ] || [ ! -d "$SHARED/tldr" ]; then
  echo "bench-publish: $SHARED (astro-docs, tldr) not found; skipped"
  exit 0
fi
if [ -z "${ATRIUM_TEST_POSTGRES:-}" ]; then
  exec scripts/with-postgres.sh "$0" "$@"
fi
OUT=target/bench
mkdir -p "$OUT"
ATRIUM_PROFILE=release scripts/build.sh
BIN=target/release/atrium

WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN" import --layout starlight --from "$SHARED/astro-docs/src/content/docs" --to "$WORK/content" | tail -1
"$BIN" import --layout tldr --from "$SHARED/tldr" --to "$WORK/content" | tail -1
ARTICLES=$(find "$WORK/content" -name '*.md' -not -path '*/_*' | wc -l)
MODULE=$(find "$WORK/content/en" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort | head -1)

psql -q "$ATRIUM_TEST_POSTGRES/postgres" -c "CREATE DATABASE atrium_bench_publish" >/dev/null
export ATRIUM_DATABASE_URL="$ATRIUM_TEST_POSTGRES/atrium_bench_publish" ATRIUM_CONTENT_DIR="$WORK/content" ATRIUM_DATA_DIR="$WORK/data"
export ATRIUM_RATE_LIMITS=off ATRIUM_LOG=error
"$BIN" seed-demo >/dev/null

now() { date +%s.%N; }
since() { python3 -c "import sys, time; print(time.time() - float(sys.argv[1]))" "$1"; }
serve() { # port → "pid seconds-until-ready"
  local port=$1 started
  started=$(now)
  ATRIUM_ADDR="127.0.0.1:$port" "$BIN" serve >"$WORK/node-$port.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1200); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
  curl -sf "http://127.0.0.1:$port/readyz" >/dev/null || { echo "bench-publish: node $port not ready in 120 s" >&2; cat "$WORK/node-$port.log" >&2; exit 1; }
  echo "$pid $(since "$started")"
}
APORT=3951 BPORT=3952
read -r A A_READY < <(serve $APORT); PIDS+=("$A")
read -r B B_READY < <(serve $BPORT); PIDS+=("$B")

# Rita publishes: signed in through the form as a browser without JavaScript does.
COOKIE=$(curl -s -o /dev/null -D - -H "origin: http://127.0.0.1:$APORT" --data-urlencode locale=en --data-urlencode email=rita@acme.example \
  --data-urlencode 'password=Demo-password-2026!' --data-urlencode return_to=/en "http://127.0.0.1:$APORT/api/sign-in" |
  awk -F'[:;] *' 'tolower($1) == "set-cookie" { print $2; exit }')
[ -n "$COOKIE" ] || { echo "bench-publish: could not sign in" >&2; exit 1; }
WORD=quokkapublish$$
found() { curl -sf "http://127.0.0.1:$1/api/search?locale=en&q=$WORD" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
[ "$(found $APORT)" = 0 ] || { echo "bench-publish: $WORD found before publishing" >&2; exit 1; }
STARTED=$(now)
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "origin: http://127.0.0.1:$APORT" -H "cookie: $COOKIE" \
  --data-urlencode language=en --data-urlencode "module=$MODULE" --data-urlencode slug=publish-bench --data-urlencode new=1 --data-urlencode base=0 \
  --data-urlencode "title=Publishing benchmark" --data-urlencode "body=The $WORD article, published in the studio." --data-urlencode action=publish \
  "http://127.0.0.1:$APORT/en/studio/save")
[ "$STATUS" = 303 ] || { echo "bench-publish: publishing answered $STATUS" >&2; exit 1; }
A_SEEN= B_SEEN=
for _ in $(seq 1 1200); do
  [ -z "$A_SEEN" ] && [ "$(found $APORT)" != 0 ] && A_SEEN=$(since "$STARTED")
  [ -z "$B_SEEN" ] && [ "$(found $BPORT)" != 0 ] && B_SEEN=$(since "$STARTED")
  [ -n "$A_SEEN" ] && [ -n "$B_SEEN" ] && break
  sleep 0.1
done
[ -n "$A_SEEN" ] && [ -n "$B_SEEN" ] || { echo "bench-publish: not searchable on both nodes within 120 s" >&2; exit 1; }
BASELINE=$A_READY
ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
secs() { python3 -c "print(f'{$1:.1f}')"; }
{
  echo "# Publishing one article into $ARTICLES articles ($(date -u +%Y-%m-%d))"
  echo
  echo "Two nodes (release build) on one PostgreSQL; the article is published in the studio on node A."
  echo
  echo "| measure | seconds | ratio to the baseline |"
  echo "|---|---|---|"
  echo "| baseline: node A loads the content and builds its index at start-up | $(secs "$BASELINE") | 1.00 |"
  echo "| node B's start-up, the same work | $(secs "$B_READY") | $(ratio "$B_READY" "$BASELINE") |"
  echo "| published on A → found by A's search | $(secs "$A_SEEN") | $(ratio "$A_SEEN" "$BASELINE") |"
  echo "| published on A → found by B's search | $(secs "$B_SEEN") | $(ratio "$B_SEEN" "$BASELINE") |"
} | tee "$OUT/publish.md"
