# shellcheck shell=bash
# Connection profiles for the client SDK and CLI: .network/profiles/<org>.json, one per peer org.
# The format is documented in docs/network.md; the SDK reads exactly these fields:
#   mspId, peerEndpoint, peerHostOverride (TLS server name), tlsCaCert (path), channel, chaincode,
#   identities.<name>.{certPath,keyPath} — plus informative extras (role, participant, CA, all
#   peers and orderers) for multi-org tools.

profile_file() { echo "$NETWORK_HOME/profiles/$1.json"; }

json_str() { # escape for a JSON string (paths and names here have no control characters)
  local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "$s"
}
json_or_null() { if [ -n "$1" ]; then json_str "$1"; else printf 'null'; fi; }

identity_json() { # ORG NAME
  # shellcheck disable=SC2034  # NAME is set by identity.env, kept local
  local home msp key NAME='' TYPE='' ROLE='' PARTICIPANT=''
  home=$(user_home "$1" "$2"); msp="$home/msp"
  key=$(find "$msp/keystore" -maxdepth 1 -type f | head -n 1)
  # shellcheck disable=SC1091
  [ -f "$home/identity.env" ] && . "$home/identity.env"
  printf '    %s: {\n' "$(json_str "$2")"
  printf '      "certPath": %s,\n' "$(json_str "$msp/signcerts/cert.pem")"
  printf '      "keyPath": %s,\n' "$(json_str "$key")"
  printf '      "mspDir": %s,\n' "$(json_str "$msp")"
  printf '      "type": %s,\n' "$(json_or_null "$TYPE")"
  printf '      "role": %s,\n' "$(json_or_null "$ROLE")"
  printf '      "participant": %s\n' "$(json_or_null "$PARTICIPANT")"
  printf '    }'
}

write_profile() { # ORG
  local org=$1 f tmp d first=1 o i
  f=$(profile_file "$org"); tmp="$f.tmp"
  mkdir -p "$(dirname "$f")"
  {
    echo '{'
    printf '  "name": %s,\n' "$(json_str "p2pe-$CHANNEL_NAME-$org")"
    printf '  "org": %s,\n' "$(json_str "$(org_get "$org" ORG_NAME)")"
    printf '  "mspId": %s,\n' "$(json_str "$(org_get "$org" MSP_ID)")"
    printf '  "peerEndpoint": %s,\n' "$(json_str "127.0.0.1:$(org_get "$org" PEER_PORT)")"
    printf '  "peerHostOverride": %s,\n' "$(json_str "$(peer_host "$org")")"
    printf '  "tlsCaCert": %s,\n' "$(json_str "$(org_tlsca "$org")")"
    printf '  "channel": %s,\n' "$(json_str "$CHANNEL_NAME")"
    printf '  "chaincode": %s,\n' "$(json_str "$CC_NAME")"
    if [ "$CRYPTO" = ca ]; then
      printf '  "ca": {"url": %s, "caName": %s, "tlsCaCert": %s},\n' "$(json_str "$(ca_url "$org")")" \
        "$(json_str "$(org_get "$org" CA_NAME)")" "$(json_str "$(ca_home "$org")/ca-cert.pem")"
    fi
    echo '  "identities": {'
    for d in "$(org_home "$org")"/users/*/; do
      d=$(basename "$d")
      [ "$first" = 1 ] || echo ','
      first=0
      identity_json "$org" "$d"
    done
    echo; echo '  },'
    echo '  "peers": ['
    first=1
    for o in "${PEER_ORGS[@]}"; do
      [ "$first" = 1 ] || echo ','
      first=0
      printf '    {"org": %s, "mspId": %s, "endpoint": %s, "hostOverride": %s, "tlsCaCert": %s}' \
        "$(json_str "$(org_get "$o" ORG_NAME)")" "$(json_str "$(org_get "$o" MSP_ID)")" \
        "$(json_str "127.0.0.1:$(org_get "$o" PEER_PORT)")" "$(json_str "$(peer_host "$o")")" "$(json_str "$(org_tlsca "$o")")"
    done
    echo; echo '  ],'
    echo '  "orderers": ['
    for ((i = 0; i < $(orderer_count); i++)); do
      [ "$i" = 0 ] || echo ','
      printf '    {"endpoint": %s, "hostOverride": %s, "tlsCaCert": %s}' \
        "$(json_str "127.0.0.1:$(nth_word "$i" "$(org_get "$ORDERER_ORG" ORDERER_PORTS)")")" \
        "$(json_str "$(orderer_host "$i")")" "$(json_str "$(org_tlsca "$ORDERER_ORG")")"
    done
    echo; echo '  ]'
    echo '}'
  } > "$tmp"
  mv "$tmp" "$f"   # readers never see a half-written profile
}

write_profiles() { local org; for org in "${PEER_ORGS[@]}"; do write_profile "$org"; done; }
