#!/usr/bin/env bash
# Serves the help centre with the demo content and the demo tenants. Honours ATRIUM_ADDR and
# ATRIUM_DATA_DIR so several instances can run side by side.
set -euo pipefail
cd "$(dirname "$0")/.."
export ATRIUM_DATA_DIR=${ATRIUM_DATA_DIR:-data}
export ATRIUM_ADDR=${ATRIUM_ADDR:-127.0.0.1:3000}
BIN=target/debug/atrium
[ "${ATRIUM_PROFILE:-dev}" = "release" ] && BIN=target/release/atrium
"$BIN" check-content || echo "run: some content files have problems (listed above); serving the rest"
"$BIN" seed-demo --with-tickets
echo "run: open http://$ATRIUM_ADDR/ (Acme Logistics); http://localhost:${ATRIUM_ADDR##*:}/ is Globex Retail"
exec "$BIN" serve
