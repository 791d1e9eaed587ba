#!/usr/bin/env bash
# `npm run up`: brings a whole RA1 host up on this machine and waits until every role is healthy.
# Safe to run again: nothing changes on a healthy host, and the database volume is kept.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$(date +%s)

ensure_node_modules
ensure_docker
ensure_host_tools
build_everything

start_stack

say "Atrium is up in $(( $(date +%s) - started )) s: $(stack_url)"
say "administrator: admin; password: npm run admin-password (kept in the webapp-data volume, never logged)"
