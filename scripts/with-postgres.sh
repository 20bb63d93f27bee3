#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster: initdb + pg_ctl on a free loopback port,
# ATRIUM_TEST_POSTGRES pointing at it (the tests create one database per app), and the cluster
# stopped and deleted afterwards, whatever the outcome.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ]; then
  # CI must not pass without the PostgreSQL half of the tests: .ci/run sets this.
  if [ "${ATRIUM_REQUIRE_POSTGRES:-}" = 1 ]; then
    echo "with-postgres: Debian's postgresql is not installed (scripts/setup.sh installs it)" >&2
    exit 1
  fi
  echo "with-postgres: Debian's postgresql is not installed (apt-get install postgresql); skipping: $*" >&2
  exit 0
fi
dir=$(mktemp -d /tmp/atrium-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# PostgreSQL refuses to run as root: as root, the cluster belongs to `nobody`.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown nobody "$dir"; fi
stop() {
  as_owner "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
as_owner "$pgbin/initdb" -D "$dir/data" -U atrium --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
as_owner "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
echo "with-postgres: PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
ATRIUM_TEST_POSTGRES="postgres://atrium@127.0.0.1:$port" "$@"
