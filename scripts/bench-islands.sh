#!/usr/bin/env bash
# Islands versus full hydration on the same article page: hydrate bundle size (gzip) and server
# rendering throughput under a bounded wrk run (10 s per round, 2 rounds per variant, alternated
# so that machine noise hits both). Figures are ratios against the islands build of the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
OUT=target/bench
# Its own cargo target folder: switching features back and forth in target/ would make every
# later `make test` rebuild the app, and a long release build would hold target/'s lock.
export CARGO_TARGET_DIR=${BENCH_TARGET_DIR:-target/bench-target}
PAGE=${BENCH_PAGE:-/en/core-hr/import-employees}
mkdir -p "$OUT"

build_variant() { # name, cargo feature flags
  local name=$1; shift
  local dir=$OUT/$name
  rm -rf "$dir"; mkdir -p "$dir/site/pkg"
  cargo build --quiet -p atrium-hydrate --target wasm32-unknown-unknown --profile wasm-release "$@"
  wasm-bindgen --target web --no-typescript --out-dir "$dir/site/pkg" --out-name atrium \
    "$CARGO_TARGET_DIR/wasm32-unknown-unknown/wasm-release/atrium_hydrate.wasm"
  cp style/main.css "$dir/site/pkg/atrium.css"
  cargo build --quiet --release -p atrium-server "$@"
  cp "$CARGO_TARGET_DIR/release/atrium" "$dir/atrium"
}

echo "bench: building the islands variant (release)"
build_variant islands
echo "bench: building the full-hydration variant (release)"
build_variant full --no-default-features

gz() { cat "$@" | gzip -9 | wc -c; }
declare -A SIZE RPS
for v in islands full; do
  SIZE[$v]=$(gz "$OUT/$v/site/pkg/atrium_bg.wasm" "$OUT/$v/site/pkg/atrium.js")
done

serve() { # variant port
  local v=$1 port=$2 data
  data=$(mktemp -d)
  ATRIUM_DATA_DIR=$data "$OUT/$v/atrium" seed-demo >/dev/null
  ATRIUM_DATA_DIR=$data ATRIUM_ADDR=127.0.0.1:$port ATRIUM_SITE_DIR=$OUT/$v/site ATRIUM_LOG=warn "$OUT/$v/atrium" serve &
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && return; sleep 0.2; done
  echo "bench: $v did not start" >&2; exit 1
}
serve islands 3901; PID_I=$!
serve full 3902; PID_F=$!
trap 'kill $PID_I $PID_F 2>/dev/null' EXIT

rate() { wrk -t2 -c16 -d10s "http://127.0.0.1:$1$PAGE" | awk '/Requests\/sec/ {print $2}'; }
for round in 1 2; do
  RPS[islands]+="$(rate 3901) "
  RPS[full]+="$(rate 3902) "
done
avg() { echo "$1" | awk '{s=0; for (i=1;i<=NF;i++) s+=$i; printf "%.0f", s/NF}'; }
I=$(avg "${RPS[islands]}"); F=$(avg "${RPS[full]}")
html_i=$(curl -s --compressed "http://127.0.0.1:3901$PAGE" | wc -c)
html_f=$(curl -s --compressed "http://127.0.0.1:3902$PAGE" | wc -c)

cat <<REPORT | tee "$OUT/islands-vs-full.md"
| ($PAGE, release, $(nproc) cores)   | islands | full hydration | full ÷ islands |
|---|---|---|---|
| hydrate JS + WASM, gzip -9 (bytes) | ${SIZE[islands]} | ${SIZE[full]} | $(awk "BEGIN{printf \"%.2f\", ${SIZE[full]}/${SIZE[islands]}}") |
| HTML of the page (bytes)           | $html_i | $html_f | $(awk "BEGIN{printf \"%.2f\", $html_f/$html_i}") |
| SSR requests/s (wrk -c16, 2×10 s)  | $I | $F | $(awk "BEGIN{printf \"%.2f\", $F/$I}") |
REPORT
