#!/usr/bin/env bash
# Runs a command once a Docker engine answers (installing and starting one when allowed).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_docker
export TESTCONTAINERS_RYUK_DISABLED=true
cd "$ATRIUM_ROOT"
exec npx "$@"
