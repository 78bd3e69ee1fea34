#!/usr/bin/env bash
# The project's test command (README.md): shellcheck on the scripts, unit and property tests of
# every module, then the integration tests against a real multi-org Fabric network started and
# stopped by our scripts.
# Set P2PE_SKIP_NETWORK=1 to run only the unit tests.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

echo "== shellcheck on the shell scripts (test-network-scripts/lint.sh)"
"$ROOT/test-network-scripts/lint.sh"

echo "== unit and property tests (mvn -B verify; the enforcer checks the module graph)"
mvn -B -ntp verify

if [ "${P2PE_SKIP_NETWORK:-0}" = 1 ]; then
  echo "== P2PE_SKIP_NETWORK=1: network tests skipped"
  exit 0
fi

echo "== Fabric binaries"
"$ROOT/test-network-scripts/install-fabric.sh"

# Each script below starts its own network and takes it down again (a trap), pass or fail.
echo "== network smoke test (up, deploy, 2-org endorsed transaction, down)"
"$ROOT/test-network-scripts/smoke-test.sh"

echo "== client SDK and chaincode integration tests on the real network"
"$ROOT/test-network-scripts/integration-test.sh"

echo "== trading-day simulation end to end (report totals = ledger settlement totals)"
"$ROOT/test-network-scripts/simulation-test.sh"
