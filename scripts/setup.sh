#!/usr/bin/env bash
# Installs what Atrium needs on a fresh Debian machine of this kind. Safe to run again: each step
# checks first and does nothing when the tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo"; fi

# Debian packages: Chromium for the end-to-end tests; libxmlsec1, libxml2 and libclang for samael's
# SAML signature checks; SimpleSAMLphp and PHP's CLI for the test identity provider; openssl for
# its test keys; PostgreSQL's server for the several-nodes test runs (scripts/with-postgres.sh);
# Dovecot's IMAP and LMTP servers for the support mailbox that answers by mail are read from (the
# tests start their own on free ports with a throwaway configuration).
missing=()
for pkg in postgresql chromium pkg-config libclang-dev libxml2-dev libxmlsec1-dev libssl-dev openssl simplesamlphp php-cli php-xml php-mbstring dovecot-imapd dovecot-lmtpd; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  # An install sometimes fails once with a dpkg archive error: retry, after letting dpkg finish.
  for attempt in 1 2 3; do
    if DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null; then
      break
    fi
    [ "$attempt" = 3 ] && { echo "setup: apt-get install failed three times" >&2; exit 1; }
    echo "setup: apt-get install failed (attempt $attempt), retrying"
    $SUDO dpkg --configure -a || true
    sleep 5
  done
fi

# The browser side is built for wasm32 and bound by the wasm-bindgen CLI, whose version must equal
# the `wasm-bindgen` crate pinned in Cargo.toml.
rustup target list --installed | grep -q '^wasm32-unknown-unknown$' || rustup target add wasm32-unknown-unknown
# `make test` checks formatting and lints first.
cargo fmt --version >/dev/null 2>&1 || rustup component add rustfmt
cargo clippy --version >/dev/null 2>&1 || rustup component add clippy
WBG_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG_VERSION" ]; then
  echo "setup: installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION" --locked --quiet
fi

# `make test` builds the documentation book and fails on a broken link in it.
if [ "$(mdbook --version 2>/dev/null)" != "mdbook v0.4.52" ]; then
  echo "setup: installing mdbook (a minute or two, once)"
  cargo install mdbook --version 0.4.52 --no-default-features --locked --quiet
fi
if ! command -v mdbook-linkcheck >/dev/null; then
  echo "setup: installing mdbook-linkcheck (a few minutes, once)"
  cargo install mdbook-linkcheck --version 0.7.7 --locked --quiet
fi

# playwright-core drives Debian's Chromium; it never downloads a browser.
if [ ! -d end2end/node_modules/playwright-core ]; then
  echo "setup: installing end-to-end test packages"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "setup: ready"
