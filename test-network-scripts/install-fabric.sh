#!/usr/bin/env bash
# Builds the Hyperledger Fabric and Fabric CA binaries this project's test network runs, from the
# Go module proxy, at pinned versions, into the git-ignored .fabric/ of the repository:
#   .fabric/bin     peer orderer configtxgen configtxlator cryptogen osnadmin
#                   fabric-ca-server fabric-ca-client
#   .fabric/config  core.yaml orderer.yaml configtx.yaml copied from the module's sampleconfig/
#   .fabric/VERSION the stamp of what was built; a rerun with the same pins does nothing.
#
# Why not `go install pkg@version`: it reads the module's version list (@v/list) to check for
# deprecation, and the proxy here refuses that list for github.com/hyperledger/fabric. Downloading
# the one pinned module version and building inside a writable copy of it works.
#
# Why this Fabric commit: the fabric module has no /v3 path, so its v2/v3 tags are not module
# versions; commits are reachable only as v1.4.0-rc1 pseudo-versions, and the proxy here serves
# only some of them. 8f08391d840c (2025-03-18, the Fabric v3.1.0 release day: Makefile
# FABRIC_VER 3.1.0, release_notes/v3.1.0.md) is the newest one found that is served. See
# docs/network.md.
#
# Env overrides (defaults in brackets):
#   FABRIC_HOME            [<repo>/.fabric]
#   FABRIC_MODULE_VERSION  [v1.4.0-rc1.0.20250318174348-8f08391d840c]
#   FABRIC_VERSION_LABEL   [3.1.0+8f08391d]   what `peer version` reports
#   FABRIC_CA_VERSION      [v1.5.21]
#   GO                     [go on PATH, else /usr/local/go/bin/go]
#   FORCE=1                rebuild even when the stamp matches
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FABRIC_HOME=${FABRIC_HOME:-$ROOT/.fabric}
FABRIC_MODULE_VERSION=${FABRIC_MODULE_VERSION:-v1.4.0-rc1.0.20250318174348-8f08391d840c}
FABRIC_VERSION_LABEL=${FABRIC_VERSION_LABEL:-3.1.0+8f08391d}
FABRIC_CA_VERSION=${FABRIC_CA_VERSION:-v1.5.21}
FORCE=${FORCE:-0}
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}

BIN=$FABRIC_HOME/bin
CFG=$FABRIC_HOME/config
STAMP=$FABRIC_HOME/VERSION
FABRIC_BINS=(peer orderer configtxgen configtxlator cryptogen osnadmin)
CA_BINS=(fabric-ca-server fabric-ca-client)
# RECIPE changes whenever the build flags below change, so an old build is not reused.
RECIPE=2
WANT_STAMP="recipe=$RECIPE fabric=$FABRIC_MODULE_VERSION label=$FABRIC_VERSION_LABEL fabric-ca=$FABRIC_CA_VERSION"

die() { echo "install-fabric: ERROR: $*" >&2; exit 1; }
log() { echo "install-fabric: $*"; }

print_versions() {
  local b flag
  for b in peer orderer configtxgen cryptogen configtxlator fabric-ca-server fabric-ca-client; do
    flag=version; [ "$b" = configtxgen ] && flag=-version
    printf '  %-17s %s\n' "$b" "$("$BIN/$b" $flag 2>&1 | sed -n 's/^ *Version: *//p' | head -1)"
  done
  printf '  %-17s %s\n' osnadmin "(built from the same commit; it has no version flag)"
  printf '  %-17s %s\n' "(fabric commit)" "$("$BIN/peer" version | sed -n 's/^ *Commit SHA: *//p')"
}

all_present() {
  local b
  for b in "${FABRIC_BINS[@]}" "${CA_BINS[@]}"; do [ -x "$BIN/$b" ] || return 1; done
  for b in core.yaml orderer.yaml configtx.yaml; do [ -f "$CFG/$b" ] || return 1; done
}

if [ "$FORCE" != 1 ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT_STAMP" ] && all_present; then
  log "already installed in $FABRIC_HOME ($WANT_STAMP)"
  print_versions
  exit 0
fi

# --- preflight: a Go toolchain new enough for both modules, and a reachable module proxy --------
[ -x "$GO" ] || die "Go not found (looked for 'go' on PATH and /usr/local/go/bin/go); install Go >= 1.25 or set GO=/path/to/go"
GOVER=$("$GO" env GOVERSION | sed 's/^go//')
# fabric-ca v1.5.21's go.mod says go 1.25.0; with GOTOOLCHAIN=local an older Go cannot fetch a newer one.
if ! printf '1.25\n%s\n' "$GOVER" | sort -V -C; then
  die "Go $GOVER is too old: fabric-ca $FABRIC_CA_VERSION needs Go >= 1.25 ($GO)"
fi
GOPROXY_NOW=$("$GO" env GOPROXY)
case "$GOPROXY_NOW" in
  off|"") die "GOPROXY is '$GOPROXY_NOW': the binaries are built from the Go module proxy; set GOPROXY=https://proxy.golang.org,direct" ;;
esac
command -v gcc >/dev/null || die "gcc not found: fabric-ca-server needs cgo (sqlite)"

download() { # module@version -> prints the module's directory in the module cache
  local out
  if ! out=$("$GO" mod download -json "$1" 2>&1); then
    die "cannot download $1 from the Go module proxy ($GOPROXY_NOW): $(echo "$out" | grep -m1 -i -E 'error|40[34]|not available' || echo "$out" | tail -1)"
  fi
  echo "$out" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

# go mod download needs a module context-free directory; run from a scratch dir, not from a
# module (our repo has none, but a parent go.mod would change behaviour).
WORK=$FABRIC_HOME/build
rm -rf "$WORK"
mkdir -p "$WORK" "$BIN" "$CFG"
cd "$WORK"
trap 'rm -rf "$WORK"' EXIT

T0=$(date +%s)
log "downloading github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION"
FAB_DIR=$(download "github.com/hyperledger/fabric@$FABRIC_MODULE_VERSION")
[ -n "$FAB_DIR" ] && [ -d "$FAB_DIR" ] || die "module download gave no directory for fabric"
log "downloading github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION"
CA_DIR=$(download "github.com/hyperledger/fabric-ca@$FABRIC_CA_VERSION")
[ -n "$CA_DIR" ] && [ -d "$CA_DIR" ] || die "module download gave no directory for fabric-ca"

# The module cache is read-only, and -mod=mod may need to touch go.sum: build in a writable copy.
# The module zip carries no vendor/ contents, so a vendor dir (if any) must go or Go would use it.
cp -r "$FAB_DIR" "$WORK/fabric"
cp -r "$CA_DIR" "$WORK/fabric-ca"
chmod -R u+w "$WORK"
rm -rf "$WORK/fabric/vendor" "$WORK/fabric-ca/vendor"

log "building fabric (${FABRIC_BINS[*]}) as $FABRIC_VERSION_LABEL"
PKGS=()
for b in "${FABRIC_BINS[@]}"; do PKGS+=("./cmd/$b"); done
(cd "$WORK/fabric" && CGO_ENABLED=0 "$GO" build -mod=mod -buildvcs=false -o "$BIN/" \
  -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION_LABEL -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${FABRIC_MODULE_VERSION##*-}" \
  "${PKGS[@]}") || die "fabric build failed"

CA_LDFLAGS="-X github.com/hyperledger/fabric-ca/lib/metadata.Version=${FABRIC_CA_VERSION#v}"
log "building fabric-ca-server $FABRIC_CA_VERSION (cgo, sqlite)"
(cd "$WORK/fabric-ca" && CGO_ENABLED=1 "$GO" build -mod=mod -buildvcs=false -o "$BIN/fabric-ca-server" \
  -ldflags "$CA_LDFLAGS" ./cmd/fabric-ca-server) || die "fabric-ca-server build failed"
log "building fabric-ca-client $FABRIC_CA_VERSION (-tags caclient, no cgo)"
(cd "$WORK/fabric-ca" && CGO_ENABLED=0 "$GO" build -mod=mod -buildvcs=false -tags caclient \
  -o "$BIN/fabric-ca-client" -ldflags "$CA_LDFLAGS" ./cmd/fabric-ca-client) || die "fabric-ca-client build failed"

# Node configs are derived from these defaults (network.sh overrides per node through env vars).
cp "$FAB_DIR/sampleconfig/core.yaml" "$FAB_DIR/sampleconfig/orderer.yaml" \
   "$FAB_DIR/sampleconfig/configtx.yaml" "$CFG/"
chmod u+w "$CFG"/*

echo "$WANT_STAMP" > "$STAMP"
log "built in $(( $(date +%s) - T0 ))s into $BIN"
print_versions
