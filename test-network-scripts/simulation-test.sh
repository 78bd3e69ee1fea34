#!/usr/bin/env bash
# End-to-end test of the trading-day simulation on a real network: a short Higashi-Fuji day
# (4 midday slots, when PV, EVs and batteries all trade) through ./simulate.sh on a network of its
# own, then `p2pe simulate verify` reads the ledger afresh and checks that the report's totals
# equal the sums of the slots' settlement summaries. Then the same on the next day with OPTIMAL
# and the scenario's wheeling fees by grid distance: UNIFORM_PRICE trades carry no fee, so buyers
# paid exactly what sellers received; OPTIMAL's pay fees, so buyers paid more. The trap takes
# that network down whatever happens.
#
# Env: SIM_TEST_PORT_OFFSET (400; the network runs beside the default one and simulate.sh's),
#      SIM_TEST_KEEP=1 leaves the network up (stop it with the command printed at the end).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/p2pe-simulation-test.XXXXXX")
export SIM_NETWORK_HOME=$WORK/network
export P2PE_PORT_OFFSET=${SIM_TEST_PORT_OFFSET:-400}
export SIM_ORGS=3
REPORT=$WORK/report

finish() {
  local rc=$?
  trap - EXIT
  if [ "${SIM_TEST_KEEP:-0}" = 1 ]; then
    echo "simulation-test: network left up: SIM_NETWORK_HOME=$SIM_NETWORK_HOME P2PE_PORT_OFFSET=$P2PE_PORT_OFFSET ./simulate.sh down"
  else
    ./simulate.sh down >/dev/null 2>&1 || echo "simulation-test: WARNING: could not take the network down" >&2
    rm -rf "$WORK"
  fi
  if [ "$rc" = 0 ]; then echo "simulation-test: PASS"; else echo "simulation-test: FAIL (exit $rc)" >&2; fi
  exit "$rc"
}
trap finish EXIT

# The jar is rebuilt so the test runs the current sources.
mvn -B -q -DskipTests package -pl cli -am

# What the participants paid for P2P energy minus what they received for it, over the day: the
# wheeling fees (money units, 1e-5 JPY), from the report's participants.csv.
wheeling_paid() {
  awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
           { cost += $col["p2pCost"]; revenue += $col["p2pRevenue"] }
           END { printf "%d\n", cost - revenue }' "$1/participants.csv"
}

out=$(./simulate.sh higashi-fuji --from 10:00 --slots 4 --report "$REPORT")
echo "$out"
grep -q '^report totals equal the ledger.s settlement totals: yes$' <<<"$out"
[ -s "$REPORT/report.html" ] && [ -s "$REPORT/report.json" ] && [ -s "$REPORT/slots.csv" ]
[ "$(wc -l < "$REPORT/slots.csv")" = 5 ]
java -jar cli/target/p2pe.jar simulate verify --report "$REPORT" --profile-dir "$SIM_NETWORK_HOME"
[ "$(wheeling_paid "$REPORT")" = 0 ]

out=$(./simulate.sh higashi-fuji --mechanism OPTIMAL --from 10:00 --slots 4 --report "$REPORT-optimal")
echo "$out"
grep -q '^report totals equal the ledger.s settlement totals: yes$' <<<"$out"
[ "$(wc -l < "$REPORT-optimal/slots.csv")" = 5 ]
java -jar cli/target/p2pe.jar simulate verify --report "$REPORT-optimal" --profile-dir "$SIM_NETWORK_HOME"
fees=$(wheeling_paid "$REPORT-optimal")
echo "simulation-test: OPTIMAL day: wheeling fees paid $fees (1e-5 JPY)"
[ "$fees" -gt 0 ]
