#!/usr/bin/env bash
# Every test: Rust unit and integration tests (on SQLite, then the HTTP tests on a throwaway
# PostgreSQL cluster), the content check, then the end-to-end tests in headless Chromium against a
# server the harness starts on a free loopback port, on SQLite and then on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Formatting, lints and the module graph first: they say at once what a reviewer would.
# Dependencies point one way: no two modules import each other (issue 21).
python3 scripts/check-module-cycles.py
# The documentation book (docs/), whose build fails on a link to a missing page or heading.
mdbook build docs 2>&1 | { grep -v ' \[INFO\] ' || true; }
python3 scripts/check-book-anchors.py
cargo fmt --check
cargo clippy --quiet -p atrium-core -p atrium-app -p atrium-server --features atrium-app/ssr --tests --benches -- -D warnings
cargo clippy --quiet -p atrium-hydrate --target wasm32-unknown-unknown -- -D warnings
cargo test -p atrium-core -p atrium-app -p atrium-server --features atrium-app/ssr
# The same tests again with every storage test and every app on its own PostgreSQL database (the
# several-nodes setup); atrium-core's integration tests test SQLite's file backups, so they stay
# on SQLite files whatever the run (PostgreSQL's backups are pg_dump's).
scripts/with-postgres.sh cargo test -p atrium-core -p atrium-app -p atrium-server --features atrium-app/ssr
ATRIUM_CONTENT_DIR=content target/debug/atrium check-content
(cd end2end && node --test --test-concurrency=1 tests/)
# The end-to-end tests again, each server on its own PostgreSQL database.
scripts/with-postgres.sh bash -c 'cd end2end && node --test --test-concurrency=1 tests/'
echo "test: all tests passed in $(( $(date +%s) - start ))s"
