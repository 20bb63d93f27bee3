#!/usr/bin/env bash
# Every test: Rust unit and integration tests, the content check, then the end-to-end tests in
# headless Chromium against a server the harness starts on a free loopback port.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
cargo test -p atrium-core -p atrium-app -p atrium-server --features atrium-app/ssr
ATRIUM_CONTENT_DIR=content target/debug/atrium check-content
(cd end2end && node --test --test-concurrency=1 tests/)
echo "test: all tests passed in $(( $(date +%s) - start ))s"
