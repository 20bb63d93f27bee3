#!/usr/bin/env bash
# /api/search over HTTP at scale: the astro docs and tldr pages (every language of both)
# imported from ../shared/corpora, the release server started on loopback with them, then a
# bounded wrk run (16 connections, 10 s per round, two alternated rounds) cycling through the
# astro relevance queries, against /healthz in the same run as the baseline of what HTTP alone
# costs. Also reports the server's resident memory once the index is built.
#
# The client runs one thread: on a machine of two cores it shares them with the server, and a
# second client thread takes CPU time the server then waits for (the operating system hands out
# slices of a few milliseconds), which is what a p99 in milliseconds then measures. One more row
# shows that case: the result cache off and two client threads.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared/corpora}
if [ ! -d "$SHARED/astro-docs/src/content/docs" ]; then
  echo "bench-search-http: $SHARED/astro-docs not found; skipped"
  exit 0
fi
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
OUT=target/bench
mkdir -p "$OUT"
cargo build --quiet --release -p atrium-server
BIN=target/release/atrium

WORK=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT
"$BIN" import --layout starlight --from "$SHARED/astro-docs/src/content/docs" --to "$WORK/content" 2>/dev/null | tail -1
if [ "${BENCH_TLDR:-1}" != 0 ] && [ -d "$SHARED/tldr" ]; then
  "$BIN" import --layout tldr --from "$SHARED/tldr" --to "$WORK/content" 2>/dev/null | tail -1
fi

# wrk's Lua picks the next query for each request: one path per line, URL-encoded here.
python3 - "$SHARED/pairs" > "$WORK/paths.txt" <<'PY'
import sys, urllib.parse, pathlib
for locale in ("en", "fr", "de"):
    f = pathlib.Path(sys.argv[1]) / f"astro.{locale}.tsv"
    if f.exists():
        for line in f.read_text().splitlines()[1:]:
            q = line.split("\t")[0]
            print(f"/api/search?locale={locale}&limit=10&q={urllib.parse.quote(q)}")
PY
cat > "$WORK/queries.lua" <<LUA
local paths, i = {}, 0
for line in io.lines("$WORK/paths.txt") do paths[#paths + 1] = line end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA

PORT=3911
ATRIUM_DATA_DIR=$WORK/data "$BIN" seed-demo >/dev/null
start_server() { # result cache in MiB → sets PID, ready (seconds), RSS (MiB)
  local started
  started=$(date +%s.%N)
  ATRIUM_RATE_LIMITS=off ATRIUM_SEARCH_CACHE_MB=$1 ATRIUM_DATA_DIR=$WORK/data ATRIUM_CONTENT_DIR=$WORK/content ATRIUM_ADDR=127.0.0.1:$PORT ATRIUM_LOG=warn "$BIN" serve &
  PID=$!
  for _ in $(seq 600); do curl -sf "http://127.0.0.1:$PORT/api/search?q=astro" >/dev/null 2>&1 && break; sleep 0.1; done
  ready=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  RSS=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$PID/status)
}
stop_server() { kill "$PID"; wait "$PID" 2>/dev/null || true; }
DOCS=$(find "$WORK/content" -name '*.md' | wc -l)

run() { # path-or-script [client threads] → "requests/s p99"
  local out threads=${2:-1}
  if [ "$1" = search ]; then
    out=$(wrk -t"$threads" -c16 -d10s --latency -s "$WORK/queries.lua" "http://127.0.0.1:$PORT")
  else
    out=$(wrk -t"$threads" -c16 -d10s --latency "http://127.0.0.1:$PORT$1")
  fi
  echo "$(echo "$out" | awk '/Requests\/sec/ {print $2}') $(echo "$out" | awk '$1 == "99%" {print $2}') $(echo "$out" | awk '/Non-2xx/ {print $4}')"
}
# The server as deployed (recent results remembered: the queries cycle, as readers repeat each
# other), then with the result cache off, so that every request runs its query.
declare -a S H C T
start_server 16
READY=$ready; RSS_START=$RSS
for round in 1 2; do
  H+=("$(run /healthz)")
  S+=("$(run search)")
done
RSS_LOADED=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$PID/status)
stop_server
start_server 0
for round in 1 2; do
  C+=("$(run search)")
  T+=("$(run search 2)")
done
stop_server
to_ms() { echo "$1" | awk '/us$/ {sub(/us/, ""); printf "%.2f", $1/1000; next} /ms$/ {sub(/ms/, ""); printf "%.2f", $1; next} /s$/ {sub(/s/, ""); printf "%.2f", $1*1000}'; }
row() { # name, "rps p99 non2xx" per round…
  local name=$1; shift
  local rps p99 bad
  rps=$(for r in "$@"; do echo "$r" | cut -d' ' -f1; done | awk '{s+=$1} END {printf "%.0f", s/NR}')
  p99=$(for r in "$@"; do to_ms "$(echo "$r" | cut -d' ' -f2)"; echo; done | sort -g | tail -1)
  bad=$(for r in "$@"; do echo "$r" | cut -d' ' -f3; done | awk '{s+=$1} END {print s+0}')
  echo "| $name | $rps | $p99 ms | $bad |"
}
HZ=$(row "/healthz (baseline)" "${H[@]}")
SR=$(row "/api/search (astro pair queries, en/fr/de)" "${S[@]}")
CR=$(row "/api/search, result cache off (every query run)" "${C[@]}")
TR=$(row "/api/search, result cache off, two client threads (wrk -t2)" "${T[@]}")
hz_rps=$(echo "$HZ" | cut -d'|' -f3); sr_rps=$(echo "$SR" | cut -d'|' -f3); cr_rps=$(echo "$CR" | cut -d'|' -f3)
cat <<REPORT | tee "$OUT/search-http.md"
Corpus: $DOCS Markdown articles imported; server ready (index built) in $READY s; resident memory after start: $RSS_START MiB, after the rounds with the result cache: $RSS_LOADED MiB.

| wrk -t1 -c16, 2×10 s | requests/s | worst p99 of the rounds | non-2xx |
|---|---|---|---|
$HZ
$SR
$CR
$TR

Search throughput ÷ /healthz throughput in the same run: $(awk -v s="$sr_rps" -v h="$hz_rps" 'BEGIN {printf "%.3f", s / h}') with the result cache, $(awk -v s="$cr_rps" -v h="$hz_rps" 'BEGIN {printf "%.3f", s / h}') without.
REPORT
