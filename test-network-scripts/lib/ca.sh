# shellcheck shell=bash
# Identities: one Fabric CA server per org (native process), and the enrolment of every node,
# admin and demo participant through it, laid out as Fabric MSP directories:
#   .network/organizations/{peer,orderer}Organizations/<domain>/
#     msp/                 the org's channel MSP: cacerts/ca.pem tlscacerts/ca.pem config.yaml (NodeOUs)
#     peers/peer0/         msp/ + tls/{server.crt,server.key,ca.crt}       (peer orgs)
#     orderers/ordererN/   msp/ + tls/                                     (orderer org)
#     users/Admin/         msp/ (type admin) [+ tls/client.* for osnadmin]
#     users/<name>/        msp/ + identity.env (role, participant) + enroll.secret
#     ca-client/           the CA's bootstrap registrar, used to register everything above

ca_home() { echo "$NETWORK_HOME/fabric-ca/$1"; }
ca_url()  { echo "https://127.0.0.1:$(org_get "$1" CA_PORT)"; }

start_ca() { # ORG: fabric-ca-server with the org's config from network/orgs/ORG
  local org=$1 home
  home=$(ca_home "$org"); mkdir -p "$home"
  cp "$NETWORK_DIR/orgs/$org/fabric-ca-server-config.yaml" "$home/"
  port_free "$(org_get "$org" CA_PORT)" || die "port $(org_get "$org" CA_PORT) (CA of $org) is in use"
  # The ports in force (org.env, overrides, P2PE_PORT_OFFSET) win over the config file's.
  write_run "ca.$org" "FABRIC_CA_SERVER_PORT=$(org_get "$org" CA_PORT)" \
    "FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=127.0.0.1:$(org_get "$org" CA_OPS_PORT)" \
    -- "$FABRIC_BIN/fabric-ca-server" start -H "$home"
  start_node "ca.$org"
}

wait_ca() { # ORG: healthy operations endpoint and its root certificate written
  wait_until "CA of $1 (/healthz)" "$HEALTH_TIMEOUT" "ca.$1" \
    http_ok "http://127.0.0.1:$(org_get "$1" CA_OPS_PORT)/healthz"
  wait_until "CA of $1 (ca-cert.pem)" "$HEALTH_TIMEOUT" "ca.$1" test -s "$(ca_home "$1")/ca-cert.pem"
}

# ca_client ORG ARGS...: fabric-ca-client against ORG's CA (TLS), as the org's registrar.
# Output goes to the org's CA client log; on failure its tail is shown.
ca_client() {
  local org=$1; shift
  local logf; logf=$(log_file "ca-client.$org")
  if ! FABRIC_CA_CLIENT_HOME="$(org_home "$org")/ca-client" "$FABRIC_BIN/fabric-ca-client" "$@" \
       --caname "$(org_get "$org" CA_NAME)" --tls.certfiles "$(ca_home "$org")/ca-cert.pem" >> "$logf" 2>&1; then
    tail -n 5 "$logf" >&2
    die "fabric-ca-client $1 failed for $org (log: $logf)"
  fi
}

new_secret() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

ca_register() { # ORG NAME TYPE SECRET [ATTRS]
  local -a args=(register -u "$(ca_url "$1")" --id.name "$2" --id.type "$3" --id.secret "$4")
  [ -n "${5:-}" ] && args+=(--id.attrs "$5")
  ca_client "$1" "${args[@]}"
}

ca_enroll() { # ORG NAME SECRET MSPDIR [EXTRA ARGS...]
  local org=$1 name=$2 secret=$3 mspdir=$4; shift 4
  ca_client "$org" enroll -u "https://$name:$secret@127.0.0.1:$(org_get "$org" CA_PORT)" --mspdir "$mspdir" \
    --csr.names "C=JP,ST=Tokyo,O=$(org_get "$org" ORG_NAME)" "$@"
}

# Fixed file names inside an enrolled MSP (the CA names them after its URL), so that NodeOUs
# config.yaml and the SDK connection profiles can point at stable paths.
tidy_msp() { # MSPDIR ORG
  local f
  for f in "$1"/cacerts/*.pem; do [ "$f" = "$1/cacerts/ca.pem" ] || mv "$f" "$1/cacerts/ca.pem"; done
  cp "$(org_home "$2")/msp/config.yaml" "$1/config.yaml"
}

write_nodeous() { # DIR: NodeOUs config, so policies can name .peer .admin .client .orderer
  cat > "$1/config.yaml" <<'EOF'
NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
EOF
}

# TLS certificate (CA profile "tls") with SANs: the node's host name, localhost and 127.0.0.1,
# so clients may dial 127.0.0.1 and verify either name.
enroll_tls() { # ORG NAME SECRET HOST OUTDIR CERTNAME KEYNAME
  local org=$1 name=$2 secret=$3 host=$4 out=$5 tmp
  tmp="$out/.tls-enroll"
  ca_enroll "$org" "$name" "$secret" "$tmp" --enrollment.profile tls --csr.hosts "$host,localhost,127.0.0.1"
  mkdir -p "$out"
  cp "$tmp"/signcerts/*.pem "$out/$6"
  cp "$tmp"/keystore/*_sk "$out/$7"
  cp "$tmp"/tlscacerts/*.pem "$out/ca.crt"
  rm -rf "$tmp"
}

org_msp() { # ORG: the org's channel MSP from its CA's root certificate
  local msp; msp="$(org_home "$1")/msp"
  mkdir -p "$msp/cacerts" "$msp/tlscacerts"
  cp "$(ca_home "$1")/ca-cert.pem" "$msp/cacerts/ca.pem"
  # One CA issues both kinds of certificates here, so it is also the TLS root.
  cp "$(ca_home "$1")/ca-cert.pem" "$msp/tlscacerts/ca.pem"
  write_nodeous "$msp"
}

enroll_registrar() { # ORG: the bootstrap admin of the CA (network/orgs/ORG/fabric-ca-server-config.yaml)
  mkdir -p "$(org_home "$1")/ca-client"
  ca_client "$1" enroll -u "https://admin:adminpw@127.0.0.1:$(org_get "$1" CA_PORT)"
}

enroll_admin() { # ORG: the org admin (type admin: it signs channel joins and lifecycle approvals)
  local org=$1 home secret name
  home=$(user_home "$org" Admin); secret=$(new_secret); name="$org-admin"
  ca_register "$org" "$name" admin "$secret"
  ca_enroll "$org" "$name" "$secret" "$home/msp"
  tidy_msp "$home/msp" "$org"
  if [ "$org" = "$ORDERER_ORG" ]; then   # osnadmin's mutual-TLS client certificate
    enroll_tls "$org" "$name" "$secret" "admin.$(org_get "$org" DOMAIN)" "$home/tls" client.crt client.key
  fi
  printf 'NAME=Admin\nTYPE=admin\nROLE=\nPARTICIPANT=\n' > "$home/identity.env"
}

enroll_peer() { # ORG
  local org=$1 home secret host
  home=$(peer_home "$org"); secret=$(new_secret); host=$(peer_host "$org")
  ca_register "$org" "$host" peer "$secret"
  ca_enroll "$org" "$host" "$secret" "$home/msp" --csr.hosts "$host,localhost,127.0.0.1"
  tidy_msp "$home/msp" "$org"
  enroll_tls "$org" "$host" "$secret" "$host" "$home/tls" server.crt server.key
}

enroll_orderer() { # INDEX
  local i=$1 home secret host
  home=$(orderer_home "$i"); secret=$(new_secret); host=$(orderer_host "$i")
  ca_register "$ORDERER_ORG" "$host" orderer "$secret"
  ca_enroll "$ORDERER_ORG" "$host" "$secret" "$home/msp" --csr.hosts "$host,localhost,127.0.0.1"
  tidy_msp "$home/msp" "$ORDERER_ORG"
  enroll_tls "$ORDERER_ORG" "$host" "$secret" "$host" "$home/tls" server.crt server.key
}

valid_role() { case $1 in participant|retailer|operator|meter|auditor|solver|aggregator|none) return 0 ;; *) return 1 ;; esac; }

# enroll_user ORG NAME ROLE [PARTICIPANT]: a client identity whose enrollment certificate carries
# p2pe.role (and p2pe.participant) — ":ecert" puts them in the certificate by default, where the
# chaincode reads them (never from transaction arguments). ROLE "none": a client certificate of the
# org without any p2pe attribute (what the tests use for "an identity without a role").
enroll_user() {
  local org=$1 name=$2 role=$3 participant=${4:-} home secret attrs
  valid_role "$role" || die "role '$role' is not one of participant retailer operator meter auditor solver aggregator none"
  [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "identity name '$name': letters, digits, . _ - only"
  if [ "$role" = participant ] && [ -z "$participant" ]; then participant=$name; fi
  home=$(user_home "$org" "$name")
  [ -e "$home" ] && die "$name already exists in $org ($home)"
  secret=$(new_secret)
  attrs=""
  [ "$role" != none ] && attrs="p2pe.role=$role:ecert"
  [ -n "$participant" ] && attrs+="${attrs:+,}p2pe.participant=$participant:ecert"
  ca_register "$org" "$name" client "$secret" "$attrs"
  ca_enroll "$org" "$name" "$secret" "$home/msp"
  tidy_msp "$home/msp" "$org"
  printf 'NAME=%s\nTYPE=client\nROLE=%s\nPARTICIPANT=%s\n' "$name" "$role" "$participant" > "$home/identity.env"
  (umask 077; echo "$secret" > "$home/enroll.secret")
}

demo_users() { # ORG: the identities listed in network/orgs/ORG/identities.csv
  local f="$NETWORK_DIR/orgs/$1/identities.csv" name type role participant
  [ -f "$f" ] || return 0
  while IFS=, read -r name type role participant; do
    case $name in ''|'#'*) continue ;; esac
    [ "$type" = client ] || die "$f: only client identities are listed there ($name: $type)"
    enroll_user "$1" "$name" "$role" "$participant"
  done < "$f"
}

# All identities of the network from the orgs' CAs.
ca_identities() {
  local org i
  for org in "$ORDERER_ORG" "${PEER_ORGS[@]}"; do start_ca "$org"; done
  for org in "$ORDERER_ORG" "${PEER_ORGS[@]}"; do wait_ca "$org"; done
  for org in "$ORDERER_ORG" "${PEER_ORGS[@]}"; do
    log "identities of $org from its CA ($(ca_url "$org"))"
    enroll_registrar "$org"
    org_msp "$org"
    enroll_admin "$org"
    if [ "$org" = "$ORDERER_ORG" ]; then
      for ((i = 0; i < $(orderer_count); i++)); do enroll_orderer "$i"; done
    else
      enroll_peer "$org"
      demo_users "$org"
    fi
  done
}
