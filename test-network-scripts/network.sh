#!/usr/bin/env bash
# A real multi-organization Fabric network for the p2pe exchange, from native processes (no
# Docker engine): one Fabric CA, one peer and one chaincode server per org, 3 Raft or 4 SmartBFT
# orderers, channel `energy`, chaincode `p2pe`. All state lives in the git-ignored .network/:
# per process a run.sh, a log file (logs/) and a PID file (pids/). Binaries: install-fabric.sh.
#
# Usage: network.sh COMMAND [ARGS]
#   up [--bft] [--orgs 3|4] [--cryptogen]   start the network (idempotent)
#   deploy [--version V]                    build, package (CCaaS), install, approve, commit the
#                                           chaincode and start its servers; again = upgrade
#   deploy --definition FILE [--version V]  the same for another chaincode beside p2pe (FILE:
#                                           CC_NAME, CC_JAR, CC_BUILD_CMD, CC_PORT_OFFSET, ...)
#   status                                  processes, ports, memory, channel height per peer
#   logs NODE [-f] [-n LINES]               a node's log (NODE as shown by status)
#   enroll ORG NAME ROLE [PARTICIPANT]      a new identity from ORG's CA, added to its profile
#   enroll --file FILE                      many: lines "ORG NAME ROLE [PARTICIPANT]"
#   stop NODE | start NODE | restart NODE   fault injection on one node
#   down [--keep-logs]                      stop exactly what was started, remove all state
#
# Env overrides (defaults): NETWORK_HOME (.network), FABRIC_HOME (.fabric), HEALTH_TIMEOUT (90),
# STOP_TIMEOUT (20), CC_READY_TIMEOUT (120), ORGS (3), CONSENSUS (raft|bft), CRYPTO (ca|cryptogen),
# any key of network/orgs/<org>/org.env as P2PE_<ORG>_<KEY>, any key of network/chaincode/p2pe.env,
# P2PE_TOTAL_QUERY_LIMIT (the peers' ledger.state.totalQueryLimit, network/nodes/peer.env's value
# by default; a small one lets a test fill a slot beyond it).
set -euo pipefail

# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/ca.sh
. "$SCRIPTS_DIR/lib/ca.sh"
# shellcheck source=lib/cryptogen.sh
. "$SCRIPTS_DIR/lib/cryptogen.sh"
# shellcheck source=lib/nodes.sh
. "$SCRIPTS_DIR/lib/nodes.sh"
# shellcheck source=lib/channel.sh
. "$SCRIPTS_DIR/lib/channel.sh"
# shellcheck source=lib/profiles.sh
. "$SCRIPTS_DIR/lib/profiles.sh"
# shellcheck source=lib/chaincode.sh
. "$SCRIPTS_DIR/lib/chaincode.sh"

usage() { sed -n '7,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# One network.sh at a time per NETWORK_HOME (tests may call it concurrently). The lock file lives
# outside NETWORK_HOME because `down` deletes that directory.
take_lock() {
  local lock
  lock="${TMPDIR:-/tmp}/p2pe-network-$(printf '%s' "$NETWORK_HOME" | cksum | cut -d' ' -f1).lock"
  exec 9>"$lock"
  flock -w "${LOCK_TIMEOUT:-600}" 9 || die "another network.sh is still running on $NETWORK_HOME (lock $lock)"
}

org_arg() { # an org as typed by a person (RetailerOrg, retailerorg, retailer) -> its dir name
  local typed=${1,,} o
  for o in "${ALL_PEER_ORGS[@]}"; do
    if [ "$typed" = "$o" ] || [ "${typed}org" = "$o" ]; then echo "$o"; return 0; fi
  done
  die "unknown org '$1' (one of: ${ALL_PEER_ORGS[*]})"
}

# ------------------------------------------------------------------------------------------------
cmd_up() {
  local want_consensus=${CONSENSUS:-raft} want_orgs=${ORGS:-3} want_crypto=${CRYPTO:-ca} explicit=0
  [ -n "${CONSENSUS:-}${ORGS:-}${CRYPTO:-}" ] && explicit=1
  while [ $# -gt 0 ]; do
    explicit=1
    case $1 in
      --bft) want_consensus=bft ;;
      --raft) want_consensus=raft ;;
      --orgs) want_orgs=${2:?--orgs needs 3 or 4}; shift ;;
      --cryptogen) want_crypto=cryptogen ;;
      *) die "up: unknown option $1" ;;
    esac
    shift
  done
  case $want_orgs in 3|4) ;; *) die "--orgs must be 3 or 4" ;; esac
  local want_limit=${P2PE_TOTAL_QUERY_LIMIT:-$(default_total_query_limit)}
  [[ $want_limit =~ ^[1-9][0-9]*$ ]] || die "P2PE_TOTAL_QUERY_LIMIT must be a positive integer, not '$want_limit'"
  need_binaries

  if load_state; then
    if [ -f "$NETWORK_HOME/up.done" ]; then
      # A plain `up` means "make sure a network is up" and accepts the running one, whatever its
      # shape (several people and test scripts share one machine); explicit options must match.
      if [ "$explicit" = 1 ] && [ "$CONSENSUS/$ORG_COUNT/$CRYPTO" != "$want_consensus/$want_orgs/$want_crypto" ]; then
        die "the network is up as $CONSENSUS, $ORG_COUNT orgs, $CRYPTO identities; run 'network.sh down' first to change that"
      fi
      if [ -n "${P2PE_TOTAL_QUERY_LIMIT:-}" ] && [ "$P2PE_TOTAL_QUERY_LIMIT" != "$TOTAL_QUERY_LIMIT" ]; then
        die "the network is up with totalQueryLimit $TOTAL_QUERY_LIMIT; run 'network.sh down' first to change it to $P2PE_TOTAL_QUERY_LIMIT"
      fi
      local n stopped=0
      for n in $(known_nodes); do node_pid "$n" >/dev/null || { stopped=1; break; }; done
      if [ "$stopped" = 1 ]; then
        log "the network is up but some nodes are stopped: starting them"
        start_all_stopped
      fi
      log "the network is already up ($CONSENSUS, $ORG_COUNT orgs): nothing to do"
      print_summary
      return 0
    fi
    warn "a previous 'up' did not finish: removing its leftovers first"
    cmd_down
  fi

  local t0=$SECONDS
  CONSENSUS=$want_consensus ORG_COUNT=$want_orgs CRYPTO=$want_crypto TOTAL_QUERY_LIMIT=$want_limit
  PEER_ORGS=("${ALL_PEER_ORGS[@]:0:$ORG_COUNT}")
  check_ports_free
  mkdir -p "$NETWORK_HOME"/{logs,pids,nodes}
  printf 'CONSENSUS=%s\nORG_COUNT=%s\nCRYPTO=%s\nCHANNEL_NAME=%s\nTOTAL_QUERY_LIMIT=%s\n' \
    "$CONSENSUS" "$ORG_COUNT" "$CRYPTO" "$CHANNEL_NAME" "$TOTAL_QUERY_LIMIT" > "$STATE_FILE"
  log "up: $CONSENSUS ordering ($(orderer_count) orderers), orgs: ${PEER_ORGS[*]}, identities from: $CRYPTO, totalQueryLimit $TOTAL_QUERY_LIMIT"
  trap 'up_failed' EXIT

  if [ "$CRYPTO" = ca ]; then ca_identities; else cryptogen_identities; fi
  log "identities ready after $((SECONDS - t0))s"
  start_orderers
  make_channel_block
  join_orderers
  start_peers
  join_peers
  write_profiles
  touch "$NETWORK_HOME/up.done"
  trap - EXIT
  log "network up in $((SECONDS - t0))s"
  print_summary
}

up_failed() {
  local rc=$?
  [ "$rc" = 0 ] && return 0
  echo >&2
  warn "'up' failed. Logs: $NETWORK_HOME/logs/ ; processes started so far keep running until: $SCRIPTS_DIR/network.sh down"
}

start_all_stopped() {
  local n
  for n in $(known_nodes); do
    node_pid "$n" >/dev/null && continue
    start_node "$n"
  done
  for n in $(known_nodes); do wait_node_healthy "$n"; done
}

wait_node_healthy() { # NAME: the same health checks as `up` / `deploy`
  local n=$1
  case $n in
    ca.*) wait_ca "${n#ca.}" ;;
    orderer*) wait_until "$n /healthz" "$HEALTH_TIMEOUT" "$n" http_ok "$(orderer_ops_url "${n#orderer}")/healthz" ;;
    peer0.*) wait_until "$n /healthz" "$HEALTH_TIMEOUT" "$n" http_ok "$(peer_ops_url "${n#peer0.}")/healthz" ;;
    cc.*) wait_until "$n listening" "$CC_READY_TIMEOUT" "$n" port_open "$(org_get "${n#cc.}" CCAAS_PORT)" ;;
    cc-*.*) wait_until "$n listening" "$CC_READY_TIMEOUT" "$n" port_open "$(cat "$(node_dir "$n")/port")" ;;
  esac
}

print_summary() {
  local org name role part d
  echo
  echo "== p2pe test network: channel '$CHANNEL_NAME', $CONSENSUS ordering, ${#PEER_ORGS[@]} peer orgs ($NETWORK_HOME)"
  printf '  %-16s %-22s %-8s %-8s %-10s %s\n' ORG MSP PEER OPS CHAINCODE CA
  for org in "${PEER_ORGS[@]}"; do
    printf '  %-16s %-22s %-8s %-8s %-10s %s\n' "$(org_get "$org" ORG_NAME)" "$(org_get "$org" MSP_ID)" \
      "$(org_get "$org" PEER_PORT)" "$(org_get "$org" PEER_OPS_PORT)" "$(org_get "$org" CCAAS_PORT)" \
      "$([ "$CRYPTO" = ca ] && org_get "$org" CA_PORT || echo -)"
  done
  local i
  for ((i = 0; i < $(orderer_count); i++)); do
    printf '  %-16s %-22s %-8s admin %-6s ops %s\n' "orderer$i" OrdererMSP \
      "$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_PORTS)")" \
      "$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_ADMIN_PORTS)")" \
      "$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_OPS_PORTS)")"
  done
  echo "  identities (role / participant):"
  for org in "${PEER_ORGS[@]}"; do
    printf '    %-16s' "$(org_get "$org" ORG_NAME)"
    for d in "$(org_home "$org")"/users/*/; do
      name=$(basename "$d"); role=''; part=''
      [ -f "$d/identity.env" ] && { role=$(sed -n 's/^ROLE=//p' "$d/identity.env"); part=$(sed -n 's/^PARTICIPANT=//p' "$d/identity.env"); }
      printf ' %s%s' "$name" "${role:+($role${part:+ $part})}"
    done
    echo
  done
  echo "  connection profiles: $NETWORK_HOME/profiles/<org>.json  (format: docs/network.md)"
  echo "  point the SDK/CLI at an org, e.g.:  export P2PE_PROFILE=$(profile_file retailerorg)"
  echo "  next: $SCRIPTS_DIR/network.sh deploy   |   status   |   down"
}

# ------------------------------------------------------------------------------------------------
cmd_down() {
  local keep_logs=0
  [ "${1:-}" = --keep-logs ] && keep_logs=1
  case $NETWORK_HOME in ""|/|"$ROOT"|"$HOME") die "refusing to remove NETWORK_HOME=$NETWORK_HOME" ;; esac
  if [ ! -d "$NETWORK_HOME" ]; then log "the network is already down (no $NETWORK_HOME)"; return 0; fi
  local n f stopped=0
  # Reverse of start order: chaincode servers, peers, orderers, CAs. Then any PID file left
  # without a run.sh (a start interrupted half-way).
  for n in $(known_nodes | tac); do
    node_pid "$n" >/dev/null && stopped=$((stopped + 1))
    stop_node "$n"
  done
  for f in "$NETWORK_HOME"/pids/*.pid; do
    [ -f "$f" ] || continue
    n=$(basename "$f" .pid)
    node_pid "$n" >/dev/null && stopped=$((stopped + 1))
    stop_node "$n"
  done
  if [ "$keep_logs" = 1 ]; then
    find "$NETWORK_HOME" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
    log "network down: stopped $stopped processes, kept $NETWORK_HOME/logs"
  else
    rm -rf "$NETWORK_HOME"
    log "network down: stopped $stopped processes, removed $NETWORK_HOME"
  fi
}

# ------------------------------------------------------------------------------------------------
node_ports() { # NAME -> the ports it listens on
  local n=$1 i
  case $n in
    ca.*) echo "$(org_get "${n#ca.}" CA_PORT) ops:$(org_get "${n#ca.}" CA_OPS_PORT)" ;;
    peer0.*) echo "$(org_get "${n#peer0.}" PEER_PORT) cc:$(org_get "${n#peer0.}" PEER_CC_PORT) ops:$(org_get "${n#peer0.}" PEER_OPS_PORT)" ;;
    orderer*) i=${n#orderer}
      echo "$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_PORTS)") admin:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_ADMIN_PORTS)") ops:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_OPS_PORTS)")" ;;
    cc.*) org_get "${n#cc.}" CCAAS_PORT ;;
    cc-*.*) cat "$(node_dir "$n")/port" ;;
  esac
}

rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status" 2>/dev/null || echo 0; }

cmd_status() {
  if ! load_state; then echo "network: down (no $NETWORK_HOME/network.env)"; return 0; fi
  local n pid rss total=0 running=0 count=0 org h
  echo "network: $CONSENSUS ordering, ${#PEER_ORGS[@]} peer orgs, identities from $CRYPTO, channel $CHANNEL_NAME, totalQueryLimit $TOTAL_QUERY_LIMIT"
  [ -f "$NETWORK_HOME/up.done" ] || echo "WARNING: 'up' has not completed"
  printf '  %-20s %-8s %-8s %8s  %s\n' NODE STATE PID RSS_MB PORTS
  for n in $(known_nodes); do
    count=$((count + 1))
    if pid=$(node_pid "$n"); then
      rss=$(rss_kb "$pid"); total=$((total + rss)); running=$((running + 1))
      printf '  %-20s %-8s %-8s %8s  %s\n' "$n" running "$pid" "$((rss / 1024))" "$(node_ports "$n")"
    else
      printf '  %-20s %-8s %-8s %8s  %s\n' "$n" STOPPED - - "$(node_ports "$n")"
    fi
  done
  echo "  $running/$count processes running, total RSS $((total / 1024)) MB"
  echo "  channel $CHANNEL_NAME height per peer:"
  for org in "${PEER_ORGS[@]}"; do
    h=''
    node_pid "peer0.$org" >/dev/null && h=$(peer_height "$org" || true)
    printf '    peer0.%-18s %s\n' "$org" "${h:-unavailable}"
  done
  if [ -f "$(deployed_file)" ]; then
    # shellcheck disable=SC1090
    ( . "$(deployed_file)"; echo "  chaincode $CC_NAME: version $CC_VERSION, sequence $CC_SEQUENCE" )
  else
    echo "  chaincode $CC_NAME: not deployed by this network's 'deploy'"
  fi
  local f
  for f in "$NETWORK_HOME"/chaincode/deployed-*.env; do
    [ -f "$f" ] || continue
    # shellcheck disable=SC1090
    ( . "$f"; echo "  chaincode ${CC_LABEL%_*} (deploy --definition): version $CC_VERSION, sequence $CC_SEQUENCE" )
  done
}

cmd_logs() {
  local node=${1:?logs NODE [-f] [-n LINES]} follow=0 lines=100
  shift
  while [ $# -gt 0 ]; do
    case $1 in -f) follow=1 ;; -n) lines=${2:?}; shift ;; *) die "logs: unknown option $1" ;; esac
    shift
  done
  local f; f=$(log_file "$node")
  [ -f "$f" ] || die "no log for '$node' ($f); nodes: $(known_nodes | tr '\n' ' ')"
  if [ "$follow" = 1 ]; then exec tail -n "$lines" -f "$f"; else tail -n "$lines" "$f"; fi
}

# Whether ORG is one of this network's peer orgs. Not `printf | grep -q`: under pipefail, grep
# exiting at its first match can leave printf writing to a closed pipe (SIGPIPE, status 141), and
# the check fails for a listed org now and then on a busy machine.
is_peer_org() {
  local o
  for o in "${PEER_ORGS[@]}"; do [ "$o" = "$1" ] && return 0; done
  return 1
}

cmd_enroll() {
  if [ "${1:-}" = --file ]; then cmd_enroll_file "${2:?enroll --file FILE}"; return; fi
  [ $# -ge 3 ] || die "usage: network.sh enroll ORG NAME ROLE [PARTICIPANT] | enroll --file FILE"
  require_state
  [ "$CRYPTO" = ca ] || die "this network's identities come from cryptogen: no CA to enroll with"
  local org; org=$(org_arg "$1")
  is_peer_org "$org" || die "$org is not in this network (up --orgs 4?)"
  node_pid "ca.$org" >/dev/null || die "the CA of $org is not running (network.sh start ca.$org)"
  enroll_user "$org" "$2" "$3" "${4:-}"
  write_profile "$org"
  local home; home=$(user_home "$org" "$2")
  log "enrolled $2 in $(org_get "$org" ORG_NAME) as $3${4:+ ($4)}"
  echo "cert: $home/msp/signcerts/cert.pem"
  echo "key:  $(find "$home/msp/keystore" -type f | head -n 1)"
  echo "profile: $(profile_file "$org") (identities.$2)"
}

# enroll --file FILE: one identity per line, "ORG NAME ROLE [PARTICIPANT]" ('#' comments), each
# org's profile written once at the end (enrolling one by one rewrites it per identity). Names
# that exist already are skipped, so a rerun enrolls only what is missing.
cmd_enroll_file() {
  local file=$1 org name role participant n=0 skipped=0 o
  [ -f "$file" ] || die "enroll --file: no such file $file"
  require_state
  [ "$CRYPTO" = ca ] || die "this network's identities come from cryptogen: no CA to enroll with"
  declare -A touched=()
  while read -r org name role participant; do
    case $org in ''|'#'*) continue ;; esac
    [ -n "$role" ] || die "enroll --file $file: '$org $name' has no ROLE"
    o=$(org_arg "$org")
    is_peer_org "$o" || die "$o is not in this network (up --orgs 4?)"
    if [ -e "$(user_home "$o" "$name")" ]; then skipped=$((skipped + 1)); continue; fi
    enroll_user "$o" "$name" "$role" "$participant"
    touched[$o]=1
    n=$((n + 1))
  done < "$file"
  for o in "${!touched[@]}"; do write_profile "$o"; done
  log "enrolled $n identities from $file ($skipped existed already)"
}

cmd_node() { # stop|start|restart NODE
  local action=$1 node=${2:?"$1 NODE"}
  require_state
  [ -f "$(node_dir "$node")/run.sh" ] || die "unknown node '$node'; nodes: $(known_nodes | tr '\n' ' ')"
  case $action in
    stop) stop_node "$node"; log "stopped $node" ;;
    start) start_node "$node"; wait_back_in_service "$node"; log "$node is running (pid $(node_pid "$node"))" ;;
    restart) stop_node "$node"; start_node "$node"; wait_back_in_service "$node"; log "restarted $node (pid $(node_pid "$node"))" ;;
  esac
}

wait_back_in_service() { # NODE: healthy, and for a peer until every running peer sees the others by gossip
  # (until then the gateways' endorsement plans may leave the restarted peer out, or find none)
  wait_node_healthy "$1"
  case $1 in peer*) wait_gossip_converged ;; esac
}

main() {
  local command=${1:-help}
  [ $# -gt 0 ] && shift
  case $command in
    up) take_lock; cmd_up "$@" ;;
    down) take_lock; cmd_down "$@" ;;
    deploy) take_lock; require_state; cmd_deploy "$@" ;;
    status) cmd_status ;;
    logs) cmd_logs "$@" ;;
    enroll) take_lock; cmd_enroll "$@" ;;
    stop|start|restart) take_lock; cmd_node "$command" "$@" ;;
    help|-h|--help) usage ;;
    *) usage >&2; die "unknown command '$command'" ;;
  esac
}

main "$@"
