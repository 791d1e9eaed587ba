#!/usr/bin/env bash
# `npm run down`: stops the RA1 stack. Volumes (database, secrets, certificate) are kept;
# `npm run down -- --volumes` deletes them too, and with them every session record and user.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_docker
cd "$ATRIUM_ROOT/deploy"
$(compose_cmd) down "$@"
