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

export DOCKER_GID="${DOCKER_GID:-$(docker_socket_gid)}"
compose="$(compose_cmd)"
cd "$ATRIUM_ROOT/deploy"
say "starting the stack ($compose up -d)"
$compose up -d --remove-orphans 2>&1 | grep -v -e '^$' -e 'is up-to-date' || true

say "host firewall for workspaces with internet egress"
bash "$ATRIUM_ROOT/tools/scripts/egress-firewall.sh" "${ATRIUM_EGRESS_BRIDGE:-atrium-egress}" >/dev/null

say "waiting for every role to be healthy"
bash "$ATRIUM_ROOT/tools/scripts/wait-healthy.sh" "${COMPOSE_PROJECT_NAME:-atrium}" 240

https_port="${ATRIUM_HTTPS_PORT:-443}"
host="${ATRIUM_HOSTNAME:-localhost}"
url="https://$host$([ "$https_port" = 443 ] || echo ":$https_port")/"
# The platform's own view, asked through the front door from inside it, verified against the served certificate.
proxy="$(docker ps -q --filter "label=com.docker.compose.project=${COMPOSE_PROJECT_NAME:-atrium}" --filter label=com.docker.compose.service=kasm_proxy)"
if docker exec "$proxy" node -e "
  const ca = require('fs').readFileSync('/certs/tls.crt');
  require('https').get({ host: '127.0.0.1', port: 8443, path: '/api/health', ca, servername: process.argv[1] },
    (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1));" "$host"; then
  say "platform health: ok (${url}api/health)"
else
  say "platform health is not ok yet: see ${url}api/health"
fi

say "Atrium is up in $(( $(date +%s) - started )) s: $url"
say "administrator: admin; password: npm run admin-password (kept in the webapp-data volume, never logged)"
