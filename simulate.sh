#!/usr/bin/env bash
# The trading day: a community of agents trades a whole day, slot by slot, on a real Fabric
# network, and a report read back from the ledger shows what it gained (docs/simulation.md).
#
# Usage: ./simulate.sh [SCENARIO|FILE] [p2pe simulate options...]   run a day (default higashi-fuji)
#        ./simulate.sh status | down                                  the simulation network
#
# SCENARIO is higashi-fuji, miyagi or setagaya; FILE a scenario file (YAML or JSON). Options go to
# `p2pe simulate` (e.g. --mechanism OPTIMAL --seed 7 --weather CLOUDY --slots 8 --from 10:00).
#
# The day runs on its own network beside the default one (NETWORK_HOME reports/.network, ports
# +300), started and deployed here if needed and left up afterwards. It is the consortium's
# network (network/) with one test setting: peers accept transaction timestamps up to 375 days
# from their clock, where Fabric's default is 15 minutes. The simulation trades a day that has not
# happened yet and, slot by slot, stamps meter readings and settlement with the simulated delivery
# time (the chaincode accepts them only after a slot has ended); the default window would refuse
# those stamps. A separate network also keeps test runs that start and stop the default one from
# pulling it away mid-day.
#
# Env: SIM_NETWORK_HOME (reports/.network), P2PE_PORT_OFFSET (300), SIM_ORGS (4: with MunicipalityOrg).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
started=$SECONDS

export NETWORK_HOME=${SIM_NETWORK_HOME:-$ROOT/reports/.network}
export NETWORK_DIR=$NETWORK_HOME-definition
export P2PE_PORT_OFFSET=${P2PE_PORT_OFFSET:-300}
NET="$ROOT/test-network-scripts/network.sh"
JAR="$ROOT/cli/target/p2pe.jar"

say() { printf '== %s\n' "$*" >&2; }

stop_hint() {
  echo "The simulation network is still up. Stop it with: ./simulate.sh down"
  echo "  (that is: NETWORK_HOME=$NETWORK_HOME P2PE_PORT_OFFSET=$P2PE_PORT_OFFSET test-network-scripts/network.sh down)"
}

# The consortium definition with the simulation's one test setting. Regenerated on every run so
# that it follows network/; the network reads it at up, deploy and enroll.
write_definition() {
  rm -rf "$NETWORK_DIR.tmp"
  mkdir -p "$(dirname "$NETWORK_DIR")"
  cp -R "$ROOT/network" "$NETWORK_DIR.tmp"
  {
    echo
    echo "# simulate.sh: meter readings and settlement carry the simulated delivery time, days ahead."
    echo "CORE_PEER_AUTHENTICATION_TIMEWINDOW=9000h"
  } >> "$NETWORK_DIR.tmp/nodes/peer.env"
  rm -rf "$NETWORK_DIR"
  mv "$NETWORK_DIR.tmp" "$NETWORK_DIR"
}

case ${1:-} in
  down)
    write_definition
    "$NET" down
    rm -rf "$NETWORK_DIR"
    exit 0 ;;
  status)
    write_definition
    exec "$NET" status ;;
esac

SCENARIO=${1:-higashi-fuji}
[ $# -gt 0 ] && shift
if [ -f "$SCENARIO" ]; then
  source_args=(--scenario-file "$SCENARIO")
  name=$(basename "${SCENARIO%.*}")
else
  source_args=(--scenario "$SCENARIO")
  name=$SCENARIO
fi
report_args=(--report "reports/$name")
for a in "$@"; do
  if [ "$a" = --report ] || [[ $a == --report=* ]]; then report_args=(); fi
done

say "Fabric binaries"
"$ROOT/test-network-scripts/install-fabric.sh" >&2

write_definition
say "simulation network ($NETWORK_HOME, ports +$P2PE_PORT_OFFSET)"
"$NET" up --orgs "${SIM_ORGS:-4}" >&2
if "$NET" status 2>/dev/null | grep -q 'chaincode p2pe: not deployed'; then
  say "deploying the chaincode"
  "$NET" deploy >&2
fi

if [ ! -f "$JAR" ]; then
  say "building the p2pe command"
  mvn -B -q -DskipTests package -pl cli -am >&2
fi

say "trading day: $name"
java -jar "$JAR" simulate "${source_args[@]}" "${report_args[@]}" --profile-dir "$NETWORK_HOME" "$@"
echo "simulate.sh took $((SECONDS - started)) s in all (network start, build and report included)"
stop_hint
