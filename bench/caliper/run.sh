#!/usr/bin/env bash
# The Caliper benchmark in one command: p2pe's transactions beside the reference chaincode on the
# same network, in one run (bench/caliper/README.md).
#   1. npm ci into bench/caliper/node_modules (Caliper 0.6.0, fabric-gateway binding; pinned by
#      package.json + package-lock.json) when missing or older than the lock file
#   2. if NETWORK_HOME holds no network: network.sh up + deploy (p2pe), taken down again at the
#      end by a trap, pass or fail; a network that was up already is left up
#   3. the reference chaincode deployed beside p2pe (network.sh deploy --definition
#      bench/reference-chaincode/chaincode.env), the bench-NN participants of RetailerOrg enrolled
#      at its CA (network.sh enroll --file), the configurations generated (generate.js), the market
#      put on the LEDGER clock and the participants registered (setup.js)
#   4. Caliper's rounds (benchmark.json): a short warm-up of each chaincode's JVM, then reference
#      Put and SubmitOrder at FIXED_LOAD in flight,
#      then SATURATION_PAIRS pairs at SATURATION_LOAD, CloseSlot and ClearSlot of the slots just
#      filled, meter readings, SettleSlot, provenance queries; CPU of every process sampled
#   5. bench/caliper/report.html (Caliper's) and a summary table (summary.js): throughput,
#      p50/p99 latency and failures per round, SubmitOrder / reference ratios, CPU per round,
#      chaincode execution time and block sizes from the peers' logs
#
# Env overrides (defaults): ROUND_SECONDS (60) per reference/SubmitOrder round, WARMUP_SECONDS
# (10) per warm-up round, FIXED_LOAD (16),
# SATURATION_LOAD (96), SATURATION_PAIRS (2), READING_SECONDS (30), QUERY_SECONDS (30),
# CALIPER_WORKERS (2), BENCH_PARTICIPANTS (the largest load), ORDERS_PER_SLOT (90, at most the
# market's maxOpenOrdersPerParticipant), NETWORK_HOME (.network), FABRIC_HOME (.fabric), and
# network.sh's own (docs/network.md).
#
# On a shared machine hold the network lock for the whole run, as for every network script:
#   FABRIC_HOME=/work/main/.fabric flock /tmp/p2pe-network.lock bench/caliper/run.sh
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NET="$ROOT/test-network-scripts/network.sh"
export NETWORK_HOME=${NETWORK_HOME:-$ROOT/.network}
export FABRIC_HOME=${FABRIC_HOME:-$ROOT/.fabric}
START=$(date +%s)
STARTED_NETWORK=0
CALIPER_PID=''
SAMPLER_PID=''

say() { printf '[caliper %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  local rc=$?
  [ -n "$SAMPLER_PID" ] && { kill "$SAMPLER_PID" 2>/dev/null || true; }
  if [ -n "$CALIPER_PID" ] && kill -0 "$CALIPER_PID" 2>/dev/null; then
    kill -TERM "$CALIPER_PID" 2>/dev/null || true
    wait "$CALIPER_PID" 2>/dev/null || true
  fi
  if [ "$STARTED_NETWORK" = 1 ]; then
    say "taking down the network this run started"
    "$NET" down || rc=1
  fi
  say "exit $rc after $(( $(date +%s) - START )) s"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v node >/dev/null || { say "ERROR: node (>= 18) is required"; exit 2; }
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs)"

# 1. Caliper, exactly as locked. --ignore-scripts: no native add-on is needed (the only ones are
# Caliper's Ethereum connector's and fabric-gateway's optional PKCS#11).
if [ ! -f "$HERE/node_modules/.package-lock.json" ] || [ "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
  say "npm ci (Caliper 0.6.0, fabric-gateway binding) into $HERE/node_modules"
  (cd "$HERE" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

# 2. The network.
if [ ! -f "$NETWORK_HOME/up.done" ]; then
  [ -e "$NETWORK_HOME/network.env" ] && { say "ERROR: $NETWORK_HOME holds a network whose 'up' did not finish: network.sh down first"; exit 2; }
  STARTED_NETWORK=1
  say "no network in $NETWORK_HOME: starting one (network.sh up + deploy)"
  "$NET" up
fi
[ -f "$NETWORK_HOME/chaincode/deployed.env" ] || "$NET" deploy

# 3. The reference chaincode, the participants, the configurations, the market clock.
# Its version is a digest of its sources: a changed reference chaincode is upgraded, an unchanged
# one on a network that has it already is only checked.
REF="$ROOT/bench/reference-chaincode"
ref_version=$(find "$REF/pom.xml" "$REF/chaincode.env" "$REF/src" -type f | LC_ALL=C sort \
  | xargs cat | sha256sum | cut -c1-12)
"$NET" deploy --definition "$REF/chaincode.env" --version "src-$ref_version"
RUN_DIR="$HERE/.run/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RUN_DIR"
export P2PE_CALIPER_RUN_DIR=$RUN_DIR
participants=$(node -e 'try { console.log(require(process.argv[1]).settings(process.env).participants); }
  catch (e) { console.error("run.sh: " + e.message); process.exit(2); }' "$HERE/workloads/plan.js")
for ((i = 1; i <= participants; i++)); do
  printf 'RetailerOrg bench-%02d participant bench-%02d\n' "$i" "$i"
done > "$RUN_DIR/identities.txt"
"$NET" enroll --file "$RUN_DIR/identities.txt"
node "$HERE/generate.js" "$RUN_DIR"
node "$HERE/setup.js"

# 4. Caliper, with the CPU sampler beside it.
say "Caliper rounds: $(node -e 'const b=require(process.argv[1]);console.log(b.test.rounds.map(r=>r.label).join(" "))' "$RUN_DIR/benchmark.json")"
(cd "$HERE" && exec node node_modules/@hyperledger/caliper-cli/caliper.js launch manager \
  --caliper-workspace "$HERE" \
  --caliper-networkconfig "$RUN_DIR/network.json" \
  --caliper-benchconfig "$RUN_DIR/benchmark.json" \
  --caliper-report-path "$HERE/report.html" \
  --caliper-flow-only-test) > "$RUN_DIR/caliper.log" 2>&1 &
CALIPER_PID=$!
node "$HERE/cpu-sampler.js" "$NETWORK_HOME" "$CALIPER_PID" "$RUN_DIR/cpu.txt" &
SAMPLER_PID=$!
# Progress: rounds and failures from Caliper's log, without its colours, one line each.
tail -n +1 -f --pid="$CALIPER_PID" "$RUN_DIR/caliper.log" \
  | grep --line-buffered -E 'Started round|Finished round|Failed to perform|ERROR|error:' \
  | sed -u -E -e 's/\x1b\[[0-9;]*m//g' -e 's/^(.{240}).*/\1 .../' >&2 || true
caliper_rc=0
wait "$CALIPER_PID" || caliper_rc=$?
CALIPER_PID=''
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=''
[ "$caliper_rc" = 0 ] || { say "ERROR: Caliper exited with $caliper_rc (log: $RUN_DIR/caliper.log)"; tail -n 30 "$RUN_DIR/caliper.log" >&2; exit 1; }

# 5. The figures (with the peers' logs, which `down` removes: chaincode execution times, blocks).
mkdir -p "$RUN_DIR/logs"
cp "$NETWORK_HOME"/logs/peer0.*.log "$RUN_DIR/logs/"
echo
echo "== Caliper: SubmitOrder beside the reference chaincode ($RUN_DIR)"
CLK_TCK=$(getconf CLK_TCK) node "$HERE/summary.js" "$RUN_DIR" "$HERE/report.html"
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) CPUs); Caliper's report: $HERE/report.html; log: $RUN_DIR/caliper.log"
