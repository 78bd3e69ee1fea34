# shellcheck shell=bash
# Fallback only (`up --cryptogen`): static crypto material from cryptogen instead of the orgs' CAs,
# rearranged into the same layout as lib/ca.sh produces. Limits: no CA runs (so `enroll` is
# unavailable) and cryptogen cannot put attributes in certificates, so the demo users have no
# p2pe.role / p2pe.participant — the chaincode's role checks will refuse them. Use it to tell a CA
# problem from a network problem, not for the market's tests.

cryptogen_identities() {
  local out="$NETWORK_HOME/cryptogen" cfg="$NETWORK_HOME/cryptogen/crypto-config.yaml" org i n
  mkdir -p "$out"
  {
    echo "OrdererOrgs:"
    echo "  - Name: $(org_get "$ORDERER_ORG" ORG_NAME)"
    echo "    Domain: $(org_get "$ORDERER_ORG" DOMAIN)"
    echo "    EnableNodeOUs: true"
    echo "    Specs:"
    for ((i = 0; i < $(orderer_count); i++)); do
      echo "      - Hostname: orderer$i"
      echo "        SANS: [localhost, 127.0.0.1]"
    done
    echo "PeerOrgs:"
    for org in "${PEER_ORGS[@]}"; do
      n=$(demo_names "$org" | wc -l)
      echo "  - Name: $(org_get "$org" ORG_NAME)"
      echo "    Domain: $(org_get "$org" DOMAIN)"
      echo "    EnableNodeOUs: true"
      echo "    Specs:"
      echo "      - Hostname: peer0"
      echo "        SANS: [localhost, 127.0.0.1]"
      echo "    Users:"
      echo "      Count: $n"
    done
  } > "$cfg"
  "$FABRIC_BIN/cryptogen" generate --config "$cfg" --output "$out/organizations" >> "$(log_file cryptogen)" 2>&1 \
    || { tail -n 5 "$(log_file cryptogen)" >&2; die "cryptogen failed"; }
  for org in "$ORDERER_ORG" "${PEER_ORGS[@]}"; do relayout_cryptogen_org "$org"; done
}

demo_names() { # ORG: names from identities.csv, in order
  local f="$NETWORK_DIR/orgs/$1/identities.csv"
  [ -f "$f" ] || return 0
  grep -v -e '^#' -e '^[[:space:]]*$' "$f" | cut -d, -f1
}

one_pem() { # DIR NEWNAME: rename the single .pem in DIR
  local f
  for f in "$1"/*.pem; do [ "$f" = "$1/$2" ] || mv "$f" "$1/$2"; done
}

relayout_cryptogen_org() { # ORG
  local org=$1 domain src dst kind k name
  domain=$(org_get "$org" DOMAIN)
  if [ "$org" = "$ORDERER_ORG" ]; then kind=ordererOrganizations; else kind=peerOrganizations; fi
  src="$NETWORK_HOME/cryptogen/organizations/$kind/$domain"
  dst=$(org_home "$org")
  mkdir -p "$dst/users"
  cp -r "$src/msp" "$dst/msp"
  one_pem "$dst/msp/cacerts" ca.pem; one_pem "$dst/msp/tlscacerts" ca.pem
  rm -rf "$dst/msp/admincerts"; write_nodeous "$dst/msp"
  fix_msp() { one_pem "$1/cacerts" ca.pem; one_pem "$1/tlscacerts" ca.pem; rm -rf "$1/admincerts"; cp "$dst/msp/config.yaml" "$1/"; }
  if [ "$org" = "$ORDERER_ORG" ]; then
    for ((k = 0; k < $(orderer_count); k++)); do
      mkdir -p "$dst/orderers"; cp -r "$src/orderers/orderer$k.$domain" "$dst/orderers/orderer$k"
      fix_msp "$dst/orderers/orderer$k/msp"
    done
  else
    mkdir -p "$dst/peers"; cp -r "$src/peers/peer0.$domain" "$dst/peers/peer0"; fix_msp "$dst/peers/peer0/msp"
  fi
  cp -r "$src/users/Admin@$domain" "$dst/users/Admin"; fix_msp "$dst/users/Admin/msp"
  printf 'NAME=Admin\nTYPE=admin\nROLE=\nPARTICIPANT=\n' > "$dst/users/Admin/identity.env"
  k=1
  while IFS= read -r name; do
    cp -r "$src/users/User$k@$domain" "$dst/users/$name"; fix_msp "$dst/users/$name/msp"
    # cryptogen certificates carry no attributes: no role, no participant.
    printf 'NAME=%s\nTYPE=client\nROLE=\nPARTICIPANT=\n' "$name" > "$dst/users/$name/identity.env"
    k=$((k + 1))
  done < <(demo_names "$org")
}
