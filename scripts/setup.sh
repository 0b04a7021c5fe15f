#!/usr/bin/env bash
# Installs what a fresh Debian machine with rustup and Node.js lacks to build seat-audit, and skips
# whatever is already there. Sourced by scripts/demo.sh and scripts/test.sh.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.tools"
CARGO_LEPTOS_VERSION=0.3.4
BINARYEN_VERSION=132

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

export PATH="$HOME/.cargo/bin:$tools/binaryen/node_modules/.bin:$PATH"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 17 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
wasm_bindgen_version="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")"
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 3 minutes, once)"
  # Not --locked: one of its locked dependencies is not served by the registry mirror.
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# Debian's binaryen (wasm-opt 108) produces a bundle that fails to hydrate; npm's binaryen works.
if ! "$tools/binaryen/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version $BINARYEN_VERSION"; then
  say "installing wasm-opt (binaryen@$BINARYEN_VERSION from npm)"
  mkdir -p "$tools/binaryen"
  npm install --prefix "$tools/binaryen" --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
fi

# Reinstalled when a package is missing or package-lock.json is newer than the last install (npm
# writes node_modules/.package-lock.json): the integration tests run end2end's OpenID provider and
# SMTP server too.
lock="$root/end2end/package-lock.json"
installed="$root/end2end/node_modules/.package-lock.json"
if [ ! -d "$root/end2end/node_modules/@playwright/test" ] \
  || [ ! -d "$root/end2end/node_modules/oidc-provider" ] \
  || [ ! -d "$root/end2end/node_modules/smtp-server" ] \
  || [ ! -d "$root/end2end/node_modules/@axe-core/playwright" ] \
  || [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
  say "installing the end-to-end test packages"
  (cd "$root/end2end" && npm ci --no-audit --no-fund >/dev/null)
fi
