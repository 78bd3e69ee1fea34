#!/usr/bin/env bash
# What an org's peer admin learns from the blocks of the running network (docs/privacy.md): every
# block of the channel fetched through ORG's peer as its Admin (`peer channel fetch`), decoded with
# `configtxlator proto_decode --type common.Block`, every bytes field (base64 in the JSON) decoded
# as well: arguments, return values, events, public write sets.
#   privacy-blocks.sh ORG PRIVATE PUBLIC
# Exits 0 when no block holds PRIVATE (a household's figure) and some block holds PUBLIC (a figure
# of the public slot totals: the control that the search sees what the blocks carry), 1 otherwise,
# naming block and field. Then asks the chaincode on ORG's peer, as ORG's Admin, for household
# RetailerOrgMSP:home-001's reading of slot $PRIVACY_SLOT when that is set: no PRIVATE in the answer.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
require_state
org=${1:?ORG} private=${2:?PRIVATE} public=${3:?PUBLIC}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
read -r -a ord <<<"$(orderer_args)"
height=$(peer_cli "$org" channel getinfo -c "$CHANNEL_NAME" | sed -n 's/^Blockchain info: //p' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["height"])')
[ -n "$height" ] || die "no channel height from $org's peer"
log "fetching blocks 0..$((height - 1)) through peer0.$org as its Admin"
for ((n = 0; n < height; n++)); do
  peer_cli "$org" channel fetch "$n" "$dir/$n.pb" -c "$CHANNEL_NAME" "${ord[@]}" >/dev/null 2>&1 \
    || die "peer channel fetch $n through $org failed"
  "$FABRIC_BIN/configtxlator" proto_decode --type common.Block --input "$dir/$n.pb" --output "$dir/$n.json"
done
python3 - "$dir" "$height" "$private" "$public" <<'PY'
import base64, binascii, json, sys
d, height, private, public = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
markers = [private, public]
found = {}
def walk(node, path, n):
    if isinstance(node, dict):
        for k, v in node.items():
            walk(v, path + "." + k, n)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, "%s[%d]" % (path, i), n)
    elif isinstance(node, str):
        texts = [node]
        try:
            texts.append(base64.b64decode(node, validate=True).decode("latin-1"))
        except (binascii.Error, ValueError):
            pass
        for m in markers:
            if any(m in t for t in texts):
                found.setdefault(m, "block %d %s" % (n, path))
for n in range(height):
    walk(json.load(open("%s/%d.json" % (d, n))), "", n)
for m in markers:
    print("%s: %s" % (m, found.get(m, "in no block")))
sys.exit(0 if private not in found and public in found else 1)
PY
if [ -n "${PRIVACY_SLOT:-}" ]; then
  answer=$(peer_cli "$org" chaincode query -C "$CHANNEL_NAME" -n "$CC_NAME" \
    -c "{\"Args\":[\"meter:GetMeterReading\",\"RetailerOrgMSP:home-001\",\"$PRIVACY_SLOT\"]}" 2>&1 || true)
  echo "meter:GetMeterReading on peer0.$org as its Admin: $answer"
  case $answer in *"$private"*) echo "the chaincode on $org's peer answered $private" >&2; exit 1 ;; esac
fi
