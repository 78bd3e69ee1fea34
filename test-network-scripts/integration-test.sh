#!/usr/bin/env bash
# Client SDK integration tests against a real network: up -> deploy -> mvn -Pintegration verify
# (client-sdk ITs) -> down. The trap always takes the network down, whatever failed.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
NET="$ROOT/test-network-scripts/network.sh"

down() { "$NET" down || true; }
trap down EXIT

"$NET" up
"$NET" deploy
P2PE_NETWORK_DIR="$ROOT/.network" mvn -B -ntp -Pintegration verify -pl client-sdk -am
