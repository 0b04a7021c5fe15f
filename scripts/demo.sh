#!/usr/bin/env bash
# Command 1: install what is missing, build the release, and serve the demo at http://127.0.0.1:3000.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/setup.sh"
cd "$root"

say "building the release (front end and server)"
cargo leptos build --release

say "starting the demo: open the URL below in a browser (Ctrl-C stops it)"
exec "$root/target/release/seat-audit" serve "$@"
