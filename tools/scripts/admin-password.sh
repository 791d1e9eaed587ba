#!/usr/bin/env bash
# `npm run admin-password`: prints the administrator password generated at the first start.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ATRIUM_ROOT/deploy"
$(compose_cmd) exec -T webapp cat /var/lib/atrium/initial-admin-password \
  || fail "no initial password file: the administrator changed the password (POST /api/auth/password), or the webapp is not running"
