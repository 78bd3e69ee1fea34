# shellcheck shell=bash
# `deploy`: the Java chaincode as a service (CCaaS), through the Fabric chaincode lifecycle.
#   1. build the shaded jar (network/chaincode/p2pe.env: CC_BUILD_CMD, CC_JAR)
#   2. package per org: metadata.json {"type":"ccaas","label":"p2pe_<V>"} + code.tar.gz holding a
#      connection.json with that org's chaincode server address (each org's peer dials its own
#      server), so each org has its own package id
#   3. install on every peer, approve per org, commit with the 2-of-N endorsement policy and the
#      private data collections (network/chaincode/collections_config.json: one per peer org,
#      whose own endorsement policy needs GridOrg for every write)
#   4. (re)start one chaincode server per org (java -jar, CHAINCODE_SERVER_ADDRESS and
#      CORE_CHAINCODE_ID_NAME=<that org's package id>) and prove it with a query on every peer.
# Deploying again with another version is an upgrade: sequence + 1, servers restarted on the new
# package id; the ledger (on the peers) is untouched.
#
# `deploy --definition FILE` deploys another chaincode beside p2pe the same way (e.g. the
# benchmark's reference chaincode, bench/reference-chaincode/chaincode.env): FILE's keys replace
# network/chaincode/p2pe.env's, and its servers are nodes `cc-<CC_NAME>.<org>` listening on each
# org's CCAAS_PORT + CC_PORT_OFFSET. Without --definition every name, port and file is p2pe's.
CC_SERVER_NODE=cc            # server node of ORG: $CC_SERVER_NODE.ORG
CC_PORT_OFFSET=0
CC_COLLECTIONS=1             # 1: the definition has network/chaincode/collections_config.json

deployed_file() {
  if [ "$CC_SERVER_NODE" = cc ]; then echo "$NETWORK_HOME/chaincode/deployed.env"
  else echo "$NETWORK_HOME/chaincode/deployed-$CC_NAME.env"; fi
}
cc_node() { echo "$CC_SERVER_NODE.$1"; }                                  # ORG
cc_port() { echo $(( $(org_get "$1" CCAAS_PORT) + CC_PORT_OFFSET )); }    # ORG

# --definition FILE: its KEY=VALUE lines win over p2pe.env and the environment (a definition is
# one whole chaincode; half of p2pe's settings would deploy something else under its name).
load_definition() {
  local file=$1 line
  [ -f "$file" ] || die "deploy --definition: no such file $file"
  while IFS= read -r line; do printf -v "${line%%=*}" '%s' "${line#*=}"; done < <(kv_lines "$file")
  [[ $CC_NAME =~ ^[a-z][a-z0-9_-]*$ ]] || die "$file: CC_NAME '$CC_NAME': lower-case letters, digits, _ - only"
  [ "$CC_NAME" != p2pe ] || die "$file: CC_NAME p2pe is network/chaincode/p2pe.env's (deploy without --definition)"
  [[ $CC_PORT_OFFSET =~ ^[1-9][0-9]*$ ]] || die "$file: CC_PORT_OFFSET must be a positive integer (p2pe's servers use offset 0)"
  CC_SERVER_NODE="cc-$CC_NAME"
}
collections_file() { echo "$NETWORK_HOME/chaincode/collections_config.json"; }

# The definition's collections: network/chaincode/collections_config.json, one private collection
# per peer org (`private-<MSP>`: that org's participants' readings, settlement lines, provenance,
# with GridOrg and ExchangeOrg as the other members), less the collections of orgs this network
# does not have (a member policy naming an MSP outside the channel cannot be committed): with
# `up --orgs 3` private-MunicipalityOrgMSP is left out. Members are never added: an org outside a
# collection's member policy must not store its data. Written once per deploy, then passed byte
# for byte to every approve and to the commit: a definition differing in one byte is another one.
write_collections_config() {
  local src="$NETWORK_DIR/chaincode/collections_config.json" org
  local -a msps=()
  [ -f "$src" ] || die "no $src: the chaincode's private data collections (docs/network.md)"
  for org in "${PEER_ORGS[@]}"; do msps+=("$(org_get "$org" MSP_ID)"); done
  mkdir -p "$NETWORK_HOME/chaincode"
  python3 - "$src" "$(collections_file)" "${msps[@]}" <<'PY' || die "cannot write $(collections_file) from $src"
import json, re, sys
src, out, msps = sys.argv[1], sys.argv[2], sys.argv[3:]
colls = json.load(open(src))
kept = []
for c in colls:
    named = re.findall(r"'([^'.]+)\.(?:member|peer|admin|client)'",
                       c["policy"] + json.dumps(c.get("endorsementPolicy", {})))
    if all(m in msps for m in named):
        kept.append(c)
if not kept:
    sys.exit("no collection of %s fits the orgs %s" % (src, " ".join(msps)))
with open(out, "w") as f:
    json.dump(kept, f, indent=2)
    f.write("\n")
PY
}

json_field() { # FIELD: from a JSON object on stdin (python3: no jq on these machines)
  python3 -c 'import json,sys
try:
    v = json.load(sys.stdin).get(sys.argv[1])
except Exception:
    v = None
print("" if v is None else v)' "$1"
}

first_peer_org_up() {
  local org
  for org in "${PEER_ORGS[@]}"; do node_pid "peer0.$org" >/dev/null && { echo "$org"; return 0; }; done
  die "no peer is running"
}

committed_field() { # ORG FIELD: from the committed definition seen by ORG's peer ('' if none)
  peer_cli "$1" lifecycle chaincode querycommitted -C "$CHANNEL_NAME" -n "$CC_NAME" -O json 2>/dev/null \
    | json_field "$2" || true
}

build_chaincode_jar() {
  local jar="$ROOT/$CC_JAR"
  if [ "${CC_SKIP_BUILD:-0}" = 1 ]; then
    log "CC_SKIP_BUILD=1: using the existing $CC_JAR"
  else
    log "building the chaincode: $CC_BUILD_CMD"
    # One retry: in a working tree shared with other builds, a concurrent `mvn clean` can pull
    # class files from under this build (a "bad class file" error that a rerun does not repeat).
    if ! (cd "$ROOT" && bash -c "$CC_BUILD_CMD") >> "$(log_file chaincode-build)" 2>&1; then
      warn "chaincode build failed; retrying once (log: $(log_file chaincode-build))"
      (cd "$ROOT" && bash -c "$CC_BUILD_CMD") >> "$(log_file chaincode-build)" 2>&1 \
        || { tail -n 30 "$(log_file chaincode-build)" >&2; die "chaincode build failed (log: $(log_file chaincode-build))"; }
    fi
  fi
  [ -f "$jar" ] || die "no chaincode jar at $jar"
  unzip -p "$jar" META-INF/MANIFEST.MF 2>/dev/null | tr -d '\r' \
    | grep -q '^Main-Class: org.hyperledger.fabric.contract.ContractRouter$' \
    || die "$jar is not the shaded chaincode server (Main-Class must be org.hyperledger.fabric.contract.ContractRouter)"
}

# Deterministic tar.gz (sorted names, fixed times and owners, no gzip timestamp): the same inputs
# give the same bytes, hence the same package id, on every rerun.
det_targz() { # OUT DIR FILES...
  local out=$1 dir=$2; shift 2
  tar -C "$dir" --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -cf - "$@" | gzip -n > "$out"
}

package_for_org() { # ORG LABEL -> prints the package file
  local org=$1 label=$2 dir
  dir="$NETWORK_HOME/chaincode/$label/$org"
  mkdir -p "$dir/src"
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' \
    "$(cc_port "$org")" > "$dir/src/connection.json"
  det_targz "$dir/code.tar.gz" "$dir/src" connection.json
  printf '{"type":"ccaas","label":"%s"}\n' "$label" > "$dir/metadata.json"
  det_targz "$dir/$label.tar.gz" "$dir" metadata.json code.tar.gz
  echo "$dir/$label.tar.gz"
}

install_on_peer() { # ORG PACKAGE PACKAGE_ID
  if peer_cli "$1" lifecycle chaincode queryinstalled 2>/dev/null | grep -qF "Package ID: $3,"; then
    log "  $1: $3 already installed"
    return 0
  fi
  peer_cli "$1" lifecycle chaincode install "$2" >> "$(log_file peer-cli)" 2>&1 \
    || { tail -n 5 "$(log_file peer-cli)" >&2; die "install on peer0.$1 failed"; }
  log "  $1: installed $3"
}

lifecycle_def_args() { # VERSION SEQUENCE -> the definition flags, identical for approve and commit
  local -a a=(--channelID "$CHANNEL_NAME" --name "$CC_NAME" --version "$1" --sequence "$2"
              --signature-policy "$(endorsement_policy)")
  [ "$CC_COLLECTIONS" = 1 ] && a+=(--collections-config "$(collections_file)")
  printf '%s\n' "${a[@]}"
}

approve_for_org() { # ORG VERSION SEQUENCE PACKAGE_ID
  local org=$1 approved
  approved=$(peer_cli "$org" lifecycle chaincode queryapproved -C "$CHANNEL_NAME" -n "$CC_NAME" --sequence "$3" -O json 2>/dev/null \
    | json_field version || true)
  if [ "$approved" = "$2" ]; then log "  $org: already approved sequence $3"; return 0; fi
  local -a def ord
  mapfile -t def < <(lifecycle_def_args "$2" "$3")
  read -r -a ord <<<"$(orderer_args)"
  peer_cli "$org" lifecycle chaincode approveformyorg "${ord[@]}" "${def[@]}" --package-id "$4" \
    >> "$(log_file peer-cli)" 2>&1 || { tail -n 5 "$(log_file peer-cli)" >&2; die "approve by $org failed"; }
  log "  $org: approved $CC_NAME $2 (sequence $3)"
}

commit_definition() { # VERSION SEQUENCE
  local org
  local -a def ord peers=()
  mapfile -t def < <(lifecycle_def_args "$1" "$2")
  read -r -a ord <<<"$(orderer_args)"
  # The commit transaction must satisfy LifecycleEndorsement (MAJORITY): ask every org's peer.
  for org in "${PEER_ORGS[@]}"; do
    node_pid "peer0.$org" >/dev/null || continue
    peers+=(--peerAddresses "127.0.0.1:$(org_get "$org" PEER_PORT)" --tlsRootCertFiles "$(org_tlsca "$org")")
  done
  org=$(first_peer_org_up)
  peer_cli "$org" lifecycle chaincode commit "${ord[@]}" "${def[@]}" "${peers[@]}" \
    >> "$(log_file peer-cli)" 2>&1 || { tail -n 5 "$(log_file peer-cli)" >&2; die "commit of $CC_NAME sequence $2 failed"; }
  for org in "${PEER_ORGS[@]}"; do
    node_pid "peer0.$org" >/dev/null || continue
    wait_until "sequence $2 committed on peer0.$org" "$HEALTH_TIMEOUT" "peer0.$org" \
      test_committed_seq "$org" "$2"
  done
  log "  committed $CC_NAME $1 (sequence $2, endorsement $(endorsement_policy))"
}
test_committed_seq() { [ "$(committed_field "$1" sequence)" = "$2" ]; }

write_cc_server() { # ORG LABEL PACKAGE_ID
  local org=$1 jar java
  jar="$NETWORK_HOME/chaincode/$2/$(basename "$CC_JAR")"
  java=$(command -v java) || die "java not found"
  local -a opts
  read -r -a opts <<<"$CC_JAVA_OPTS"
  # Only what the shim needs: no CORE_PEER_TLS_ENABLED (the shim would expect TLS material).
  # CORE_CHAINCODE_LOGGING_SHIM=WARNING: at INFO the shim's ContractRouter logs every invocation with
  # its arguments (a SubmitOrders batch of 100 orders is a 15 kB line), formatting text on every
  # transaction's path and filling the log; warnings and errors still show.
  # P2PE_SHIM_BATCHING (default 1): the chaincode sends its ledger calls in Fabric 3.1's batch
  # messages (docs/chaincode.md §8); 0 sends every call on its own, as for a peer before 3.1.
  write_run "$(cc_node "$org")" \
    "CHAINCODE_SERVER_ADDRESS=127.0.0.1:$(cc_port "$org")" \
    "CORE_CHAINCODE_ID_NAME=$3" \
    "CORE_CHAINCODE_LOGGING_LEVEL=INFO" \
    "CORE_CHAINCODE_LOGGING_SHIM=WARNING" \
    "P2PE_SHIM_BATCHING=${P2PE_SHIM_BATCHING:-1}" \
    "P2PE_ORG=$org" \
    -- "$java" "${opts[@]}" -jar "$jar"
  cc_port "$org" > "$(node_dir "$(cc_node "$org")")/port"   # for status and health checks
}

cc_query_ok() { # ORG: the chaincode answers a query on ORG's peer (the Java router's built-in)
  peer_cli "$1" chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' \
    2>/dev/null | grep -q '"contracts"'
}

gossip_knows() { # ORG N: ORG's peer sees N other peers of the channel by gossip (alive, with state info)
  # The gateway plans endorsements from its peer's discovery service, which knows only these: right
  # after start (or a restart) an org's peer may not have heard of the others yet, and a transaction
  # that needs them gets "no combination of peers can be derived" (FAILED_PRECONDITION) for seconds.
  # Fabric updates this metric every 5 s (membershipTrackerInterval).
  local known
  known=$(curl -sf --max-time 2 "$(peer_ops_url "$1")/metrics" \
    | sed -n "s/^gossip_membership_total_peers_known{channel=\"$CHANNEL_NAME\"} //p")
  [ "${known:-0}" -ge "$2" ]
}

wait_answering_everywhere() { # the chaincode answers on every org's peer, and gossip has converged
  local org
  for org in "${PEER_ORGS[@]}"; do
    wait_until "$CC_NAME answering on peer0.$org" "$CC_READY_TIMEOUT" "$(cc_node "$org")" cc_query_ok "$org"
  done
  wait_gossip_converged
}

wait_gossip_converged() { # every running peer sees every other running peer of the channel
  local org up=() others
  for org in "${PEER_ORGS[@]}"; do node_pid "peer0.$org" >/dev/null && up+=("$org"); done
  others=$(( ${#up[@]} - 1 ))
  for org in "${up[@]}"; do
    wait_until "peer0.$org to see the other $others peers by gossip" "$CC_READY_TIMEOUT" "peer0.$org" \
      gossip_knows "$org" "$others"
  done
}

cmd_deploy() {
  local version="" t0=$SECONDS
  while [ $# -gt 0 ]; do
    case $1 in
      --version) version=${2:?--version needs a value}; shift ;;
      --definition) load_definition "${2:?--definition needs a file}"; shift ;;
      *) die "deploy: unknown option $1" ;;
    esac
    shift
  done
  [ -f "$NETWORK_HOME/up.done" ] || die "the network is not (fully) up: run network.sh up"
  [ -z "$version" ] || [[ $version =~ ^[A-Za-z0-9][A-Za-z0-9_.+-]*$ ]] || die "version '$version': letters, digits, . _ + - only"

  local qorg cur_seq cur_ver seq label org
  qorg=$(first_peer_org_up)
  cur_seq=$(committed_field "$qorg" sequence); cur_ver=$(committed_field "$qorg" version)
  if [ -n "$cur_seq" ] && [ -n "$version" ] && [ "$version" = "$cur_ver" ] && [ -f "$(deployed_file)" ]; then
    log "$CC_NAME $version is already committed (sequence $cur_seq): checking its servers"
    # shellcheck disable=SC1090
    . "$(deployed_file)"
    for org in "${PEER_ORGS[@]}"; do node_pid "$(cc_node "$org")" >/dev/null || start_node "$(cc_node "$org")"; done
    wait_answering_everywhere
    log "deploy: nothing to do"
    return 0
  fi
  seq=$(( ${cur_seq:-0} + 1 ))
  version=${version:-$seq}
  label="${CC_NAME}_$version"
  log "deploy $CC_NAME version $version as sequence $seq${cur_ver:+ (upgrade from $cur_ver)}"

  build_chaincode_jar
  mkdir -p "$NETWORK_HOME/chaincode/$label"
  cp "$ROOT/$CC_JAR" "$NETWORK_HOME/chaincode/$label/$(basename "$CC_JAR")"

  local -A pkgid=()
  local pkg
  for org in "${PEER_ORGS[@]}"; do
    pkg=$(package_for_org "$org" "$label")
    pkgid[$org]=$(FABRIC_CFG_PATH=$FABRIC_CFG "$FABRIC_BIN/peer" lifecycle chaincode calculatepackageid "$pkg")
    install_on_peer "$org" "$pkg" "${pkgid[$org]}"
  done
  # (Re)start the servers now, on the new package ids: their JVM start-up (classpath scan of the
  # contracts, ~10-20 s on 2 busy cores) overlaps approve and commit. On an upgrade the old
  # servers go down here; the peers keep the ledger, and call the new servers after the commit.
  for org in "${PEER_ORGS[@]}"; do
    stop_node "$(cc_node "$org")"
    write_cc_server "$org" "$label" "${pkgid[$org]}"
    start_node "$(cc_node "$org")"
  done
  [ "$CC_COLLECTIONS" = 1 ] && write_collections_config
  for org in "${PEER_ORGS[@]}"; do approve_for_org "$org" "$version" "$seq" "${pkgid[$org]}"; done
  commit_definition "$version" "$seq"
  for org in "${PEER_ORGS[@]}"; do
    wait_until "$(cc_node "$org") listening on $(cc_port "$org")" "$CC_READY_TIMEOUT" "$(cc_node "$org")" port_open "$(cc_port "$org")"
  done
  wait_answering_everywhere
  {
    printf 'CC_VERSION=%q\nCC_SEQUENCE=%q\nCC_LABEL=%q\n' "$version" "$seq" "$label"
    for org in "${PEER_ORGS[@]}"; do printf 'CC_PACKAGE_ID_%s=%q\n' "$org" "${pkgid[$org]}"; done
  } > "$(deployed_file)"
  log "deploy: $CC_NAME $version (sequence $seq) answers on every peer; took $((SECONDS - t0))s"
  peer_cli "$(first_peer_org_up)" chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" \
    -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}' 2>/dev/null \
    | python3 -c 'import json,sys
m = json.load(sys.stdin)
for name, c in sorted(m.get("contracts", {}).items()):
    print("  contract %-28s %s" % (name, " ".join(sorted(t.get("name", "?") for t in c.get("transactions", [])))))' || true
}
