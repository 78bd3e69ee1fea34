#!/usr/bin/env bash
# Faults under load on a real network: up -> deploy -> 16 participants submit 2,000 orders through
# the SDK while one orderer (the Raft leader), then one peer, then one chaincode server is stopped
# and restarted (client-sdk FaultLoadIT) -> down. Prints the per-second committed counts around
# each restart and fails unless every order the SDK reported committed is on the ledger exactly
# once, every submission completed, and throughput is back within 10 s of each restart.
#
# Like integration-test.sh it owns its network (it stops nodes of it): it refuses to start when
# NETWORK_HOME already holds one. Beside a running network:
#   NETWORK_HOME=/tmp/p2pe-faults P2PE_PORT_OFFSET=300 test-network-scripts/fault-test.sh
# On a shared machine run it under the machine-wide lock: flock /tmp/p2pe-network.lock ...
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NET="$ROOT/test-network-scripts/network.sh"
export NETWORK_HOME=${NETWORK_HOME:-$ROOT/.network}
START=$(date +%s)

if [ -e "$NETWORK_HOME/network.env" ]; then
  echo "fault-test.sh: a network is already up in $NETWORK_HOME; this run would take it down at the end." >&2
  echo "  Run it with its own NETWORK_HOME and P2PE_PORT_OFFSET (see the header), or 'network.sh down' first if that network is yours." >&2
  exit 2
fi

down() {
  local rc=$?
  "$NET" down || true
  echo "fault-test.sh: exit $rc after $(( $(date +%s) - START )) s (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  exit "$rc"
}
trap down EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$NET" up
"$NET" deploy
ids=$(mktemp)
for i in $(seq 0 15); do
  if [ $((i % 2)) = 0 ]; then org=retailerorg; else org=exchangeorg; fi
  printf '%s fault-%02d participant\n' "$org" "$i"
done > "$ids"
"$NET" enroll --file "$ids"
rm -f "$ids"
echo "fault-test.sh: load starts (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
P2PE_NETWORK_DIR="$NETWORK_HOME" P2PE_FAULT_TEST=1 mvn -B -ntp -Pintegration verify -pl client-sdk -am \
  -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FaultLoadIT -Dfailsafe.failIfNoSpecifiedTests=false
