#!/usr/bin/env bash
# The project's test command (README.md): unit and property tests of every module, then the
# integration tests against a real multi-org Fabric network started and stopped by our scripts.
# Set P2PE_SKIP_NETWORK=1 to run only the unit tests.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

echo "== unit and property tests (mvn -B verify)"
mvn -B -ntp verify

if [ "${P2PE_SKIP_NETWORK:-0}" = 1 ]; then
  echo "== P2PE_SKIP_NETWORK=1: network tests skipped"
  exit 0
fi

echo "== Fabric binaries"
"$ROOT/test-network-scripts/install-fabric.sh"

echo "== network smoke test"
"$ROOT/test-network-scripts/smoke-test.sh"
