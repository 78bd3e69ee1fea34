#!/usr/bin/env bash
# Smoke test of the whole path on a fresh machine: Fabric binaries -> network up -> chaincode
# deploy -> one transaction endorsed by two orgs and committed -> query from a third org -> down.
# A trap takes the network down whatever happens, and the test checks that no process it started
# is left behind.
#
# Usage: smoke-test.sh [up options, e.g. --bft or --orgs 4]
# Env: SMOKE_KEEP=1 leaves the network up at the end (for a person to look at it).
set -euo pipefail

SCRIPTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NET="$SCRIPTS_DIR/network.sh"
# shellcheck source=lib/common.sh
. "$SCRIPTS_DIR/lib/common.sh"

passed=0 failed=0 started_pids=""
ok()   { passed=$((passed + 1)); echo "smoke: ok   - $*"; }
fail() { failed=$((failed + 1)); echo "smoke: FAIL - $*" >&2; }
step() { echo; echo "== smoke: $* ($(date +%H:%M:%S))"; }

remember_pids() { # the PIDs of every node, so the end can prove they are all gone
  local f
  for f in "$NETWORK_HOME"/pids/*.pid; do [ -f "$f" ] && started_pids+=" $(cat "$f")"; done
  return 0
}

finish() {
  local rc=$? pid left=""
  trap - EXIT
  if [ "$rc" != 0 ] || [ "$failed" != 0 ]; then
    echo "smoke: failure; last lines of every node log:" >&2
    for f in "$NETWORK_HOME"/logs/*.log; do
      [ -f "$f" ] && { echo "----- $f" >&2; tail -n 15 "$f" >&2; }
    done
  fi
  remember_pids
  if [ "${SMOKE_KEEP:-0}" = 1 ] && [ "$rc" = 0 ]; then
    echo "smoke: SMOKE_KEEP=1, the network stays up ($NET down to stop it)"
  else
    step "down"
    "$NET" down || { fail "network.sh down"; rc=1; }
    for pid in $started_pids; do proc_alive "$pid" && left+=" $pid"; done
    if [ -z "$left" ]; then ok "down left no process behind"; else fail "processes left behind:$left"; rc=1; fi
    # A second down is harmless.
    "$NET" down >/dev/null 2>&1 || { fail "second down"; rc=1; }
  fi
  [ "$rc" != 0 ] && [ "$failed" = 0 ] && failed=1
  echo
  echo "smoke: $passed passed, $failed failed"
  [ "$failed" = 0 ] && [ "$rc" = 0 ] || exit 1
}
trap finish EXIT

T0=$SECONDS
step "Fabric binaries"
"$SCRIPTS_DIR/install-fabric.sh"
ok "install-fabric.sh"

step "network up $*"
t=$SECONDS
"$NET" up "$@"
ok "network up in $((SECONDS - t))s"
remember_pids
load_state

step "chaincode deploy"
t=$SECONDS
"$NET" deploy
ok "deploy in $((SECONDS - t))s (GetMetadata answered on every peer)"
remember_pids

meta=$(peer_cli exchangeorg chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" -c '{"Args":["org.hyperledger.fabric:GetMetadata"]}')
if ! grep -q '"SetMarketConfig"' <<<"$meta"; then
  fail "the chaincode has no config:SetMarketConfig; cannot run the 2-org transaction"
  exit 1
fi

step "a transaction endorsed by ExchangeOrg and RetailerOrg (operator identity)"
read -r -a ORD <<<"$(orderer_args)"
two_peers=(--peerAddresses "127.0.0.1:$(org_get exchangeorg PEER_PORT)" --tlsRootCertFiles "$(org_tlsca exchangeorg)"
           --peerAddresses "127.0.0.1:$(org_get retailerorg PEER_PORT)" --tlsRootCertFiles "$(org_tlsca retailerorg)")
config='{"slotLengthMinutes":30,"timeZone":"Asia/Tokyo"}'
args=$(python3 -c 'import json,sys; print(json.dumps({"Args": ["config:SetMarketConfig", sys.argv[1]]}))' "$config")
out=$(CLI_LOGGING_SPEC=INFO:grpc=warning peer_cli exchangeorg --as operator chaincode invoke "${ORD[@]}" -C "$CHANNEL_NAME" -n "$CC_NAME" \
        -c "$args" "${two_peers[@]}" --waitForEvent --waitForEventTimeout 60s 2>&1) || true
echo "$out" | grep -E "committed with status|invoke successful|Error:" | cut -c1-200
txid=$(echo "$out" | sed -n 's/.*txid \[\([0-9a-f]*\)\] committed with status (VALID).*/\1/p' | head -n 1)
if [ "$(echo "$out" | grep -c 'committed with status (VALID)')" -ge 2 ] && echo "$out" | grep -q 'status:200'; then
  ok "SetMarketConfig endorsed by 2 orgs, committed VALID on both endorsing peers (tx $txid)"
else
  fail "SetMarketConfig was not committed VALID by two orgs"
fi

step "one org's endorsement alone is not enough (endorsement policy $(endorsement_policy))"
out1=$(CLI_LOGGING_SPEC=INFO:grpc=warning peer_cli exchangeorg --as operator chaincode invoke "${ORD[@]}" -C "$CHANNEL_NAME" -n "$CC_NAME" \
        -c "$args" "${two_peers[@]:0:4}" --waitForEvent --waitForEventTimeout 60s 2>&1) || true
if echo "$out1" | grep -q 'ENDORSEMENT_POLICY_FAILURE'; then
  ok "a single-org endorsement was invalidated (ENDORSEMENT_POLICY_FAILURE)"
else
  echo "$out1" | tail -n 3 >&2
  fail "a single-org endorsement was not rejected"
fi

step "query from the third org (GridOrg, meter identity)"
got=""
for _ in $(seq 1 20); do   # GridOrg's peer receives the block by gossip/deliver: poll, don't sleep blindly
  got=$(peer_cli gridorg --as meter chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" -c '{"Args":["config:GetMarketConfig"]}' 2>/dev/null || true)
  [ -n "$txid" ] && grep -q "$txid" <<<"$got" && break
  sleep 0.5
done
echo "${got:0:200}"
if [ -n "$txid" ] && grep -q "\"txId\":\"$txid\"" <<<"$got"; then
  ok "GridOrg's peer returns the configuration written by tx $txid"
else
  fail "GridOrg's peer does not return the committed configuration"
fi

step "channel ACLs: blocks for peers and org admins only"
blk=$(mktemp -d)
if peer_cli retailerorg channel fetch newest "$blk/admin.pb" -c "$CHANNEL_NAME" >/dev/null 2>&1 && [ -s "$blk/admin.pb" ]; then
  ok "RetailerOrg's admin fetches the newest block from its peer"
else
  fail "RetailerOrg's admin could not fetch a block"
fi
for target in peer orderer; do
  args=(); [ "$target" = orderer ] && read -r -a args <<<"$(orderer_args)"
  out=$(peer_cli retailerorg --as home-001 channel fetch newest "$blk/home-$target.pb" -c "$CHANNEL_NAME" "${args[@]}" 2>&1 || true)
  if grep -q FORBIDDEN <<<"$out" && [ ! -s "$blk/home-$target.pb" ]; then
    ok "a household (home-001) gets no block from the $target's deliver service (FORBIDDEN)"
  else
    fail "a household fetched a block from the $target: ${out:0:200}"
  fi
done
out=$(peer_cli retailerorg --as home-001 channel getinfo -c "$CHANNEL_NAME" 2>&1 || true)
if grep -q "access denied" <<<"$out"; then
  ok "a household's qscc GetChainInfo is denied"
else
  fail "a household read the chain info: ${out:0:200}"
fi
rm -rf "$blk"

"$NET" status
echo "smoke: network part took $((SECONDS - T0))s"
