#!/usr/bin/env bash
# Every test: Rust unit and integration tests (on SQLite, then the HTTP tests on a throwaway
# PostgreSQL cluster), the content check, then the end-to-end tests in headless Chromium against a
# server the harness starts on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cargo test -p atrium-core -p atrium-app -p atrium-server --features atrium-app/ssr
# The same tests again with every app on its own PostgreSQL database (the several-nodes setup).
scripts/with-postgres.sh cargo test -p atrium-server --features atrium-app/ssr --tests
ATRIUM_CONTENT_DIR=content target/debug/atrium check-content
(cd end2end && node --test --test-concurrency=1 tests/)
echo "test: all tests passed in $(( $(date +%s) - start ))s"
