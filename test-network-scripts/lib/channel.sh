# shellcheck shell=bash
# The `energy` channel: genesis block from network/configtx/configtx.yaml (no system channel),
# joined by every orderer through its admin endpoint (osnadmin) and by every peer.
# Anchor peers are in the genesis config, so no anchor-peer update transaction is needed.

channel_profile() {
  if [ "$CONSENSUS" = bft ]; then echo "EnergyBFT$ORG_COUNT"; else echo "EnergyRaft$ORG_COUNT"; fi
}
channel_block() { echo "$NETWORK_HOME/channel-artifacts/$CHANNEL_NAME.block"; }

make_channel_block() {
  local cfg="$NETWORK_HOME/config"
  mkdir -p "$cfg" "$NETWORK_HOME/channel-artifacts"
  # configtx.yaml's paths are relative to its own directory and point into ../organizations.
  cp "$NETWORK_DIR/configtx/configtx.yaml" "$cfg/configtx.yaml"
  render_configtx_ports "$cfg/configtx.yaml"
  log "channel $CHANNEL_NAME: genesis block from profile $(channel_profile)"
  FABRIC_LOGGING_SPEC=WARN "$FABRIC_BIN/configtxgen" -configPath "$cfg" -profile "$(channel_profile)" \
    -channelID "$CHANNEL_NAME" -outputBlock "$(channel_block)" >> "$(log_file configtxgen)" 2>&1 \
    || { tail -n 5 "$(log_file configtxgen)" >&2; die "configtxgen failed"; }
}

# configtx.yaml names the default ports (orderer endpoints, consenters, anchor peers). When a port
# is moved (P2PE_<ORG>_<KEY> or P2PE_PORT_OFFSET), rewrite it in the copy: every port number is
# unique in the file, and only "Port: N" and "127.0.0.1:N" are touched.
render_configtx_ports() { # FILE
  local f=$1 org from to i n
  local -a pairs=()
  for ((i = 0; i < 4; i++)); do
    from=$(nth_word "$i" "$(org_file_get "$ORDERER_ORG" ORDERER_PORTS)")
    to=$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_PORTS)")
    pairs+=("$from:$to")
  done
  for org in "${ALL_PEER_ORGS[@]}"; do
    pairs+=("$(org_file_get "$org" PEER_PORT):$(org_get "$org" PEER_PORT)")
  done
  # Two passes through placeholders, so that swapping ports cannot chain.
  for n in "${pairs[@]}"; do
    from=${n%%:*}; to=${n#*:}
    [ "$from" = "$to" ] && continue
    sed -i -e "s/\(Port: *\)$from\b/\1@@$to@@/" -e "s/127\.0\.0\.1:$from\b/127.0.0.1:@@$to@@/" "$f"
  done
  sed -i 's/@@\([0-9]*\)@@/\1/g' "$f"
}

orderer_channel_active() { # INDEX
  osnadmin_cli "$1" list --channelID "$CHANNEL_NAME" 2>/dev/null | grep -q '"status": *"active"'
}

# The ordering service can order once some orderer sees itself as the channel's leader
# (Raft: elected; SmartBFT: the leader of the current view). Read from the operations /metrics.
orderer_has_leader() {
  local i metric=consensus_etcdraft_is_leader
  [ "$CONSENSUS" = bft ] && metric=consensus_BFT_is_leader
  for ((i = 0; i < $(orderer_count); i++)); do
    curl -sf --max-time 2 "$(orderer_ops_url "$i")/metrics" 2>/dev/null \
      | grep -q "^$metric{channel=\"$CHANNEL_NAME\"} 1" && return 0
  done
  return 1
}

join_orderers() {
  local i
  for ((i = 0; i < $(orderer_count); i++)); do
    if orderer_channel_active "$i"; then continue; fi
    osnadmin_cli "$i" join --channelID "$CHANNEL_NAME" --config-block "$(channel_block)" \
      >> "$(log_file osnadmin)" 2>&1 || { tail -n 5 "$(log_file osnadmin)" >&2; die "orderer$i did not join $CHANNEL_NAME"; }
  done
  for ((i = 0; i < $(orderer_count); i++)); do
    wait_until "orderer$i: channel $CHANNEL_NAME active (osnadmin channel list)" "$HEALTH_TIMEOUT" "orderer$i" \
      orderer_channel_active "$i"
  done
  wait_until "a $CONSENSUS leader for $CHANNEL_NAME" "$HEALTH_TIMEOUT" "" orderer_has_leader
}

peer_height() { # ORG -> block height of the channel on ORG's peer
  peer_cli "$1" channel getinfo -c "$CHANNEL_NAME" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p'
}
peer_joined() { [ -n "$(peer_height "$1")" ]; }

join_peers() {
  local org
  for org in "${PEER_ORGS[@]}"; do
    peer_joined "$org" && continue
    peer_cli "$org" channel join -b "$(channel_block)" >> "$(log_file peer-cli)" 2>&1 \
      || { tail -n 5 "$(log_file peer-cli)" >&2; die "peer0.$org did not join $CHANNEL_NAME"; }
  done
  for org in "${PEER_ORGS[@]}"; do
    wait_until "peer0.$org: channel $CHANNEL_NAME (peer channel getinfo)" "$HEALTH_TIMEOUT" "peer0.$org" peer_joined "$org"
  done
}
