#!/usr/bin/env bash
# Builds the WASM islands bundle, the stylesheet and the server binary into target/.
# Asset names carry a hash of their content (atrium-<hash>.js/.css/_bg.wasm) so the server can
# let browsers cache them for a year; the server reads the name from target/site/pkg/OUTPUT_NAME.
set -euo pipefail
cd "$(dirname "$0")/.."
SITE=target/site
PROFILE=${ATRIUM_PROFILE:-dev}

cargo build --quiet -p atrium-hydrate --target wasm32-unknown-unknown --profile wasm-release
WASM=target/wasm32-unknown-unknown/wasm-release/atrium_hydrate.wasm
HASH=$(cat "$WASM" style/main.css | sha256sum | cut -c1-12)
NAME="atrium-$HASH"

if [ ! -f "$SITE/pkg/$NAME.js" ] || [ ! -f "$SITE/pkg/$NAME.css.gz" ]; then
  rm -rf "$SITE/pkg.new"
  mkdir -p "$SITE/pkg.new"
  wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg.new" --out-name "$NAME" "$WASM"
  # A working wasm-opt shrinks the bundle further; Debian's v108 breaks it, so only a newer one
  # (for example from npm's binaryen) on PATH is used.
  if command -v wasm-opt >/dev/null && [ "$(wasm-opt --version | grep -o '[0-9]\+' | head -1)" -ge 116 ]; then
    wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int -o "$SITE/pkg.new/${NAME}_bg.wasm" "$SITE/pkg.new/${NAME}_bg.wasm"
  fi
  cp style/main.css "$SITE/pkg.new/$NAME.css"
  # Compressed once here rather than on every request: the server sends these .gz files to
  # browsers that accept gzip (its compression layer leaves already-encoded responses alone).
  gzip -9 -k -f "$SITE/pkg.new/$NAME.css" "$SITE/pkg.new/$NAME.js" "$SITE/pkg.new/${NAME}_bg.wasm"
  echo "$NAME" > "$SITE/pkg.new/OUTPUT_NAME"
  rm -rf "$SITE/pkg"
  mv "$SITE/pkg.new" "$SITE/pkg"
fi
cp -r public/. "$SITE/"

if [ "$PROFILE" = "release" ]; then
  cargo build --quiet --release -p atrium-server
else
  cargo build --quiet -p atrium-server
fi
echo "build: $SITE/pkg/$NAME.* and the atrium binary ($PROFILE) are ready"
