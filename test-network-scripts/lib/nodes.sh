# shellcheck shell=bash
# Peers and orderers as native processes. Their configuration is the module's sampleconfig
# (.fabric/config/core.yaml, orderer.yaml) plus env overrides: the shared ones from
# network/nodes/{peer,orderer}.env, the per-node ones (ports, identity, data dirs) below.

node_env_lines() { kv_lines "$NETWORK_DIR/nodes/$1.env"; }

ccaas_builder_yaml() {
  # The peer reads this YAML from the env (viper decodes it into chaincode.externalBuilders).
  echo "[{name: p2pe-ccaas, path: $SCRIPTS_DIR/ccaas-builder, propagateEnvironment: []}]"
}

write_peer() { # ORG
  local org=$1 home data port name
  home=$(peer_home "$org"); name="peer0.$org"; data="$(node_dir "$name")/data"
  port=$(org_get "$org" PEER_PORT)
  mkdir -p "$data"
  local -a envs
  # The range-query limit this network was brought up with (network.env), instead of peer.env's.
  mapfile -t envs < <(node_env_lines peer | grep -v '^CORE_LEDGER_STATE_TOTALQUERYLIMIT=')
  envs+=(
    "CORE_LEDGER_STATE_TOTALQUERYLIMIT=$TOTAL_QUERY_LIMIT"
    "FABRIC_CFG_PATH=$FABRIC_CFG"
    "CORE_PEER_ID=$(peer_host "$org")"
    "CORE_PEER_LOCALMSPID=$(org_get "$org" MSP_ID)"
    "CORE_PEER_MSPCONFIGPATH=$home/msp"
    "CORE_PEER_LISTENADDRESS=127.0.0.1:$port"
    "CORE_PEER_ADDRESS=127.0.0.1:$port"
    "CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$(org_get "$org" PEER_CC_PORT)"
    "CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$(org_get "$org" PEER_CC_PORT)"
    # Alone in its org, the peer bootstraps gossip from itself; the external endpoint (with the
    # anchor peers in the channel config) is what lets the other orgs and discovery find it.
    "CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$port"
    "CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$port"
    "CORE_PEER_TLS_CERT_FILE=$home/tls/server.crt"
    "CORE_PEER_TLS_KEY_FILE=$home/tls/server.key"
    "CORE_PEER_TLS_ROOTCERT_FILE=$home/tls/ca.crt"
    "CORE_PEER_FILESYSTEMPATH=$data"
    "CORE_LEDGER_SNAPSHOTS_ROOTDIR=$data/snapshots"
    "CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$(org_get "$org" PEER_OPS_PORT)"
    "CORE_CHAINCODE_EXTERNALBUILDERS=$(ccaas_builder_yaml)"
  )
  write_run "$name" "${envs[@]}" -- "$FABRIC_BIN/peer" node start
}

write_orderer() { # INDEX
  local i=$1 home data name op
  home=$(orderer_home "$i"); name="orderer$i"; data="$(node_dir "$name")/data"
  op=$(org_get "$ORDERER_ORG" ORDERER_PORTS)
  mkdir -p "$data"
  local -a envs
  mapfile -t envs < <(node_env_lines orderer)
  envs+=(
    "FABRIC_CFG_PATH=$FABRIC_CFG"
    "ORDERER_GENERAL_LISTENPORT=$(nth_word "$i" "$op")"
    "ORDERER_GENERAL_LOCALMSPDIR=$home/msp"
    "ORDERER_GENERAL_TLS_CERTIFICATE=$home/tls/server.crt"
    "ORDERER_GENERAL_TLS_PRIVATEKEY=$home/tls/server.key"
    "ORDERER_GENERAL_TLS_ROOTCAS=[$home/tls/ca.crt]"
    # Cluster (Raft / BFT) traffic shares the general listener; this is its client side.
    "ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$home/tls/server.crt"
    "ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$home/tls/server.key"
    "ORDERER_FILELEDGER_LOCATION=$data/ledger"
    "ORDERER_CONSENSUS_WALDIR=$data/wal"
    "ORDERER_CONSENSUS_SNAPDIR=$data/snapshot"
    "ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_ADMIN_PORTS)")"
    "ORDERER_ADMIN_TLS_CERTIFICATE=$home/tls/server.crt"
    "ORDERER_ADMIN_TLS_PRIVATEKEY=$home/tls/server.key"
    "ORDERER_ADMIN_TLS_ROOTCAS=[$home/tls/ca.crt]"
    "ORDERER_ADMIN_TLS_CLIENTROOTCAS=[$(org_tlsca "$ORDERER_ORG")]"
    "ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_OPS_PORTS)")"
  )
  write_run "$name" "${envs[@]}" -- "$FABRIC_BIN/orderer"
}

peer_ops_url()    { echo "http://127.0.0.1:$(org_get "$1" PEER_OPS_PORT)"; }
orderer_ops_url() { echo "http://127.0.0.1:$(nth_word "$1" "$(org_get "$ORDERER_ORG" ORDERER_OPS_PORTS)")"; }

# Every port a node of this network will listen on must be free before `up` starts anything:
# a clash found later would leave a half-started network.
check_ports_free() {
  local org i p busy=""
  for org in "$ORDERER_ORG" "${PEER_ORGS[@]}"; do
    for p in $(org_get "$org" CA_PORT) $(org_get "$org" CA_OPS_PORT); do port_free "$p" || busy+=" $p"; done
  done
  for org in "${PEER_ORGS[@]}"; do
    for p in PEER_PORT PEER_CC_PORT PEER_OPS_PORT CCAAS_PORT; do
      port_free "$(org_get "$org" $p)" || busy+=" $(org_get "$org" $p)"
    done
  done
  for ((i = 0; i < $(orderer_count); i++)); do
    for p in ORDERER_PORTS ORDERER_ADMIN_PORTS ORDERER_OPS_PORTS; do
      port_free "$(nth_word "$i" "$(org_get "$ORDERER_ORG" $p)")" || busy+=" $(nth_word "$i" "$(org_get "$ORDERER_ORG" $p)")"
    done
  done
  [ -z "$busy" ] || die "ports already in use:$busy (another network, or override them: P2PE_<ORG>_<KEY>, see network/orgs/*/org.env)"
}

start_orderers() {
  local i
  for ((i = 0; i < $(orderer_count); i++)); do write_orderer "$i"; start_node "orderer$i"; done
  for ((i = 0; i < $(orderer_count); i++)); do
    wait_until "orderer$i /healthz" "$HEALTH_TIMEOUT" "orderer$i" http_ok "$(orderer_ops_url "$i")/healthz"
  done
}

start_peers() {
  local org
  for org in "${PEER_ORGS[@]}"; do write_peer "$org"; start_node "peer0.$org"; done
  for org in "${PEER_ORGS[@]}"; do
    wait_until "peer0.$org /healthz" "$HEALTH_TIMEOUT" "peer0.$org" http_ok "$(peer_ops_url "$org")/healthz"
  done
}
