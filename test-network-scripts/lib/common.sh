# shellcheck shell=bash
# Shared by network.sh and its lib/*.sh: paths and env overrides, the org data in network/, the
# background processes (one run.sh, log file and PID file per node) and health polling.

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$SCRIPTS_DIR/.." && pwd)

# --- env overrides with defaults --------------------------------------------------------------
NETWORK_DIR=${NETWORK_DIR:-$ROOT/network}          # the consortium's definition (data)
FABRIC_HOME=${FABRIC_HOME:-$ROOT/.fabric}          # install-fabric.sh output
FABRIC_BIN=${FABRIC_BIN:-$FABRIC_HOME/bin}
FABRIC_CFG=${FABRIC_CFG:-$FABRIC_HOME/config}      # sampleconfig core.yaml / orderer.yaml
NETWORK_HOME=${NETWORK_HOME:-$ROOT/.network}       # all generated state, logs and PID files
HEALTH_TIMEOUT=${HEALTH_TIMEOUT:-90}               # seconds to wait for a node to become healthy
STOP_TIMEOUT=${STOP_TIMEOUT:-20}                   # seconds between SIGTERM and SIGKILL
CC_READY_TIMEOUT=${CC_READY_TIMEOUT:-120}          # seconds for a chaincode server to answer
CLI_LOGGING_SPEC=${CLI_LOGGING_SPEC:-WARN}         # peer CLI logging (its results go to stdout)

ALL_PEER_ORGS=(exchangeorg retailerorg gridorg municipalityorg)
ORDERER_ORG=ordererorg

log()  { printf '[network %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '[network %s] WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '[network %s] ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# --- data files: KEY=VALUE lines, comments and blanks ignored, one level of quotes removed ------
kv_lines() {
  sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
      -e 's/^\([A-Za-z_][A-Za-z0-9_]*\)="\(.*\)"$/\1=\2/' "$1"
}

# Sets each KEY of FILE as a shell variable unless the environment already has it (env wins).
load_defaults() {
  local line key
  while IFS= read -r line; do
    key=${line%%=*}
    [[ -v $key ]] || printf -v "$key" '%s' "${line#*=}"
  done < <(kv_lines "$1")
}

load_defaults "$NETWORK_DIR/chaincode/p2pe.env"   # CHANNEL_NAME CC_NAME CC_ENDORSEMENT_QUORUM ...

# org_file_get ORG KEY: the value written in network/orgs/ORG/org.env.
org_file_get() {
  local line
  line=$(kv_lines "$NETWORK_DIR/orgs/$1/org.env" | grep -m1 "^$2=") \
    || die "no $2 in $NETWORK_DIR/orgs/$1/org.env"
  printf '%s' "${line#*=}"
}

# org_get ORG KEY: the value in force. P2PE_<ORG>_<KEY> in the env wins; otherwise the file's
# value, with P2PE_PORT_OFFSET added to every port (*PORT / *PORTS keys), so that a second
# network (its own NETWORK_HOME) can run beside the default one, e.g. P2PE_PORT_OFFSET=100.
org_get() {
  local ov="P2PE_${1^^}_$2" v p out=""
  if [[ -v $ov ]]; then printf '%s' "${!ov}"; return 0; fi
  v=$(org_file_get "$1" "$2")
  if [[ $2 == *PORT || $2 == *PORTS ]] && [ "${P2PE_PORT_OFFSET:-0}" != 0 ]; then
    for p in $v; do out+="${out:+ }$((p + P2PE_PORT_OFFSET))"; done
    v=$out
  fi
  printf '%s' "$v"
}

# nth_word N "a b c": the N-th (0-based) word, for the orderer port lists.
nth_word() { local -a w; read -r -a w <<<"$2"; printf '%s' "${w[$1]}"; }

# --- the running network's shape, recorded by `up` so every later command agrees with it ------
STATE_FILE=$NETWORK_HOME/network.env
load_state() {
  [ -f "$STATE_FILE" ] || return 1
  # shellcheck disable=SC1090
  . "$STATE_FILE"
  PEER_ORGS=("${ALL_PEER_ORGS[@]:0:$ORG_COUNT}")
  # Networks brought up before the limit was recorded ran with peer.env's.
  TOTAL_QUERY_LIMIT=${TOTAL_QUERY_LIMIT:-$(default_total_query_limit)}
  return 0
}
require_state() {
  load_state || die "the network is not up (no $STATE_FILE); run: $SCRIPTS_DIR/network.sh up"
}
orderer_count() { [ "$CONSENSUS" = bft ] && echo 4 || echo 3; }
# peer.env's ledger.state.totalQueryLimit: what `up` uses unless P2PE_TOTAL_QUERY_LIMIT says otherwise.
default_total_query_limit() {
  kv_lines "$NETWORK_DIR/nodes/peer.env" | sed -n 's/^CORE_LEDGER_STATE_TOTALQUERYLIMIT=//p'
}

# --- paths of generated material ----------------------------------------------------------------
org_home() {
  if [ "$1" = "$ORDERER_ORG" ]; then
    echo "$NETWORK_HOME/organizations/ordererOrganizations/$(org_get "$1" DOMAIN)"
  else
    echo "$NETWORK_HOME/organizations/peerOrganizations/$(org_get "$1" DOMAIN)"
  fi
}
peer_home()    { echo "$(org_home "$1")/peers/peer0"; }
orderer_home() { echo "$(org_home "$ORDERER_ORG")/orderers/orderer$1"; }
user_home()    { echo "$(org_home "$1")/users/$2"; }
org_tlsca()    { echo "$(org_home "$1")/msp/tlscacerts/ca.pem"; }
peer_host()    { echo "peer0.$(org_get "$1" DOMAIN)"; }
orderer_host() { echo "orderer$1.$(org_get "$ORDERER_ORG" DOMAIN)"; }
node_dir()     { echo "$NETWORK_HOME/nodes/$1"; }
pid_file()     { echo "$NETWORK_HOME/pids/$1.pid"; }
log_file()     { echo "$NETWORK_HOME/logs/$1.log"; }

# --- background processes -----------------------------------------------------------------------
# Each node has NETWORK_HOME/nodes/NAME/run.sh, written once by `up`/`deploy`, which execs the
# process with exactly the environment it lists (env -i: nothing leaks from the caller's shell,
# e.g. a CORE_PEER_* exported for the CLI, or CORE_PEER_TLS_ENABLED into the chaincode JVM).
# The env carries P2PE_NODE=NAME@NETWORK_HOME so a PID is only ever trusted (and signalled) if it
# is still that process, never a recycled PID.
write_run() { # NAME VAR=VALUE... -- COMMAND ARGS...
  local name=$1 dir; shift
  dir=$(node_dir "$name"); mkdir -p "$dir"
  local -a envs=() cmd=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do envs+=("$1"); shift; done
  [ "${1:-}" = -- ] && shift
  cmd=("$@")
  {
    echo '#!/usr/bin/env bash'
    echo "# Generated by network.sh: how $name is started (also by 'network.sh start $name')."
    printf 'cd %q\n' "$dir"
    printf 'exec env -i PATH=%q HOME=%q' "/usr/local/bin:/usr/bin:/bin" "${HOME:-/root}"
    [ -n "${JAVA_HOME:-}" ] && printf ' JAVA_HOME=%q' "$JAVA_HOME"
    printf ' %q' "P2PE_NODE=$name@$NETWORK_HOME" "${envs[@]}" "${cmd[@]}"
    echo
  } > "$dir/run.sh"
}

proc_alive() { # PID: running and not a zombie
  [ -e "/proc/$1" ] && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null
}

node_pid() { # NAME -> PID on stdout if that node is running (and really is that node)
  local f pid
  f=$(pid_file "$1"); [ -f "$f" ] || return 1
  pid=$(cat "$f"); [ -n "$pid" ] || return 1
  proc_alive "$pid" || return 1
  tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep -qxF "P2PE_NODE=$1@$NETWORK_HOME" || return 1
  echo "$pid"
}

known_nodes() { # every node that has a run.sh, in start order (cc-NAME.*: deploy --definition)
  local d
  [ -d "$NETWORK_HOME/nodes" ] || return 0
  for d in "$NETWORK_HOME"/nodes/ca.* "$NETWORK_HOME"/nodes/orderer* "$NETWORK_HOME"/nodes/peer0.* \
           "$NETWORK_HOME"/nodes/cc.* "$NETWORK_HOME"/nodes/cc-*.*; do
    [ -f "$d/run.sh" ] && basename "$d"
  done
  return 0
}

start_node() { # NAME: start in the background (own session) unless running; log + PID file
  local name=$1 run
  run="$(node_dir "$name")/run.sh"
  [ -f "$run" ] || die "unknown node '$name'; nodes: $(known_nodes | tr '\n' ' ')"
  if node_pid "$name" >/dev/null; then log "$name is already running"; return 0; fi
  mkdir -p "$NETWORK_HOME/pids" "$NETWORK_HOME/logs"
  echo "=== $(date -u +%FT%TZ) network.sh starts $name" >> "$(log_file "$name")"
  # setsid: the node outlives this script and a Ctrl-C in the caller's terminal. In a script
  # without job control setsid does not fork, so $! is the node's own PID (run.sh execs it).
  # 9>&-: the node must not inherit network.sh's lock (it would hold it for its whole life).
  setsid bash "$run" >> "$(log_file "$name")" 2>&1 < /dev/null 9>&- &
  echo $! > "$(pid_file "$name")"
}

stop_node() { # NAME: SIGTERM, wait, SIGKILL after STOP_TIMEOUT; harmless if not running
  local name=$1 pid i
  if ! pid=$(node_pid "$name"); then rm -f "$(pid_file "$name")"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 10; i++)); do proc_alive "$pid" || break; sleep 0.1; done
  if proc_alive "$pid"; then
    warn "$name (pid $pid) ignored SIGTERM for ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do proc_alive "$pid" || break; sleep 0.1; done
  fi
  rm -f "$(pid_file "$name")"
  echo "=== $(date -u +%FT%TZ) network.sh stopped $name (pid $pid)" >> "$(log_file "$name")"
}

tail_log() { # NAME [LINES]
  local f; f=$(log_file "$1")
  [ -f "$f" ] && { echo "----- last ${2:-25} lines of $f" >&2; tail -n "${2:-25}" "$f" >&2; echo "-----" >&2; }
  return 0
}

# wait_until DESC TIMEOUT NODE CMD...: poll CMD every 0.5 s. NODE ('' for none) is watched:
# if it dies, fail at once with its log instead of waiting for the timeout.
wait_until() {
  local desc=$1 timeout=$2 node=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [ -n "$node" ] && ! node_pid "$node" >/dev/null; then
      tail_log "$node"; die "$node exited while waiting for $desc"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      [ -n "$node" ] && tail_log "$node"
      die "timed out after ${timeout}s waiting for $desc"
    fi
    sleep 0.5
  done
}

http_ok() { curl -sf -o /dev/null --max-time 2 "$1"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port_free() { ! port_open "$1"; }

# --- CLIs ---------------------------------------------------------------------------------------
first_orderer_up() { # index of the first running orderer (deploy keeps working with one stopped)
  local i
  for ((i = 0; i < $(orderer_count); i++)); do
    node_pid "orderer$i" >/dev/null && { echo "$i"; return 0; }
  done
  echo 0
}
orderer_args() { # peer CLI flags to reach a running orderer over TLS
  local i; i=$(first_orderer_up)
  echo "-o 127.0.0.1:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_PORTS)") --tls --cafile $(org_tlsca "$ORDERER_ORG")"
}

# peer_cli ORG [--as USER] ARGS...: the peer CLI against ORG's peer as ORG's Admin (or USER).
peer_cli() {
  local org=$1 user=Admin; shift
  if [ "${1:-}" = --as ]; then user=$2; shift 2; fi
  local msp; msp="$(user_home "$org" "$user")/msp"
  [ -d "$msp" ] || die "no identity $user in $org ($msp)"
  (
    export FABRIC_CFG_PATH=$FABRIC_CFG FABRIC_LOGGING_SPEC=$CLI_LOGGING_SPEC
    export FABRIC_LOGGING_FORMAT='%{time:15:04:05.000} %{level:.4s} [%{module}] %{message}'
    export CORE_PEER_TLS_ENABLED=true
    CORE_PEER_LOCALMSPID=$(org_get "$org" MSP_ID); export CORE_PEER_LOCALMSPID
    export CORE_PEER_MSPCONFIGPATH=$msp
    CORE_PEER_ADDRESS=127.0.0.1:$(org_get "$org" PEER_PORT); export CORE_PEER_ADDRESS
    CORE_PEER_TLS_ROOTCERT_FILE=$(org_tlsca "$org"); export CORE_PEER_TLS_ROOTCERT_FILE
    unset CORE_PEER_TLS_CERT_FILE CORE_PEER_TLS_KEY_FILE CORE_PEER_TLS_CLIENTAUTHREQUIRED
    exec "$FABRIC_BIN/peer" "$@"
  )
}

# osnadmin_cli I ARGS...: channel participation API of orderer I, with the orderer org admin's
# TLS client certificate (the admin endpoint requires mutual TLS).
osnadmin_cli() {
  local i=$1; shift
  local admin; admin=$(user_home "$ORDERER_ORG" Admin)
  "$FABRIC_BIN/osnadmin" channel "$@" \
    -o "127.0.0.1:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_ADMIN_PORTS)")" \
    --ca-file "$(org_tlsca "$ORDERER_ORG")" \
    --client-cert "$admin/tls/client.crt" --client-key "$admin/tls/client.key"
}

# The chaincode's endorsement policy: any CC_ENDORSEMENT_QUORUM of the channel's peer orgs.
endorsement_policy() {
  local org list=""
  for org in "${PEER_ORGS[@]}"; do list+="${list:+, }'$(org_get "$org" MSP_ID).peer'"; done
  echo "OutOf(${CC_ENDORSEMENT_QUORUM}, $list)"
}

need_binaries() {
  local b
  for b in peer orderer configtxgen osnadmin fabric-ca-server fabric-ca-client; do
    [ -x "$FABRIC_BIN/$b" ] || die "$FABRIC_BIN/$b missing: run $SCRIPTS_DIR/install-fabric.sh first"
  done
  command -v curl >/dev/null || die "curl is required (health polling)"
}
