#!/usr/bin/env bash
# The trading day: a community of agents trades a whole day, slot by slot, on a real Fabric
# network, and a report read back from the ledger shows what it gained (docs/simulation.md).
#
# Usage: ./simulate.sh [SCENARIO|FILE] [p2pe simulate options...]   run a day (default higashi-fuji)
#        ./simulate.sh status | down                                  the network it runs on
#
# SCENARIO is higashi-fuji, miyagi or setagaya; FILE a scenario file (YAML or JSON). Options go to
# `p2pe simulate` (e.g. --mechanism OPTIMAL --seed 7 --weather CLOUDY --slots 8 --from 10:00, or
# --mechanism OPTIMAL --objective MAX_MIN_SURPLUS --clearing proposals for competing solvers).
#
# Installs the Fabric binaries if needed, starts the test network if it is not up and deploys the
# chaincode if it is not deployed (a network another session started is used as it is), builds
# the p2pe command if it is missing, runs the day and prints the report's path, its headline
# figures and the wall time. The network stays up for exploring (`./p2pe …`).
#
# Env: SIM_NETWORK_HOME (the network's state directory; default .network, the default network),
#      P2PE_PORT_OFFSET (for a network beside the default one, as network.sh takes it),
#      SIM_ORGS (3 or 4 peer orgs when this script starts the network; 4 adds MunicipalityOrg).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
started=$SECONDS

export NETWORK_HOME=${SIM_NETWORK_HOME:-$ROOT/.network}
NET="$ROOT/test-network-scripts/network.sh"
JAR="$ROOT/cli/target/p2pe.jar"

say() { printf '== %s\n' "$*" >&2; }

case ${1:-} in
  down) exec "$NET" down ;;
  status) exec "$NET" status ;;
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

say "network ($NETWORK_HOME)"
if [ -f "$NETWORK_HOME/up.done" ]; then
  "$NET" up >&2          # already up: starts any stopped node, otherwise leaves it as it is
else
  "$NET" up --orgs "${SIM_ORGS:-3}" >&2
fi
if "$NET" status 2>/dev/null | grep -q 'chaincode p2pe: not deployed'; then
  say "deploying the chaincode"
  "$NET" deploy >&2
fi

if [ ! -f "$JAR" ]; then
  say "building the p2pe command"
  mvn -B -q -DskipTests package -pl cli -am >&2
fi

# The scenario's identities in one batch. `network.sh enroll` rewrites the org's whole connection
# profile for every identity, so enrolling setagaya's 301 one by one takes most of an hour; this
# enrolls them with network.sh's own functions under its lock and writes each org's profile once
# (a couple of minutes). Should those functions have changed, p2pe simulate enrolls whatever is
# still missing one by one.
enroll_batch() {
  local list
  # The run's own options too: --clearing proposals adds the solvers' identities.
  list=$(java -jar "$JAR" simulate "${source_args[@]}" --profile-dir "$NETWORK_HOME" "$@" --list-identities) || return 1
  LIST=$list bash -c '
    set -euo pipefail
    . "$0/lib/common.sh"; . "$0/lib/ca.sh"; . "$0/lib/profiles.sh"
    require_state
    exec 9>"${TMPDIR:-/tmp}/p2pe-network-$(printf "%s" "$NETWORK_HOME" | cksum | cut -d" " -f1).lock"
    flock -w 600 9
    declare -A touched=()
    write_touched() { local o; for o in "${!touched[@]}"; do write_profile "$o"; done; }
    trap write_touched EXIT
    n=0
    while read -r org name role participant; do
      o=${org,,}
      [ -e "$(user_home "$o" "$name")" ] && continue
      [ "$participant" = - ] && participant=
      enroll_user "$o" "$name" "$role" "$participant"
      touched[$o]=1
      n=$((n + 1))
      [ $((n % 25)) = 0 ] && log "enrolled $n identities"
    done <<<"$LIST"
    [ "$n" = 0 ] || log "enrolled $n identities"
  ' "$ROOT/test-network-scripts"
}
say "identities"
enroll_batch "$@" >&2 || say "batch enrollment failed; p2pe simulate enrolls the missing identities one by one"

say "trading day: $name"
java -jar "$JAR" simulate "${source_args[@]}" "${report_args[@]}" --profile-dir "$NETWORK_HOME" "$@"
echo "simulate.sh took $((SECONDS - started)) s in all (network start, build and report included)"
if [ "$NETWORK_HOME" = "$ROOT/.network" ] && [ -z "${P2PE_PORT_OFFSET:-}" ]; then
  echo "The network is still up. Stop it with: test-network-scripts/network.sh down"
else
  echo "The network is still up. Stop it with: SIM_NETWORK_HOME=$NETWORK_HOME P2PE_PORT_OFFSET=${P2PE_PORT_OFFSET:-0} ./simulate.sh down"
fi
