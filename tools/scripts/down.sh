#!/usr/bin/env bash
# `npm run down`: stops the RA1 stack. Volumes (database, secrets, certificate) are kept;
# `npm run down -- --volumes` deletes them too, and with them every session record and user.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_docker
cd "$ATRIUM_ROOT/deploy"
project="${COMPOSE_PROJECT_NAME:-atrium}"
errors="$(mktemp)"
trap 'rm -f "$errors"' EXIT
status=0
$(compose_cmd) down "$@" 2>"$errors" || status=$?
cat "$errors" >&2
((status == 0)) && exit 0

# Docker 20.10 can keep a network endpoint after its container is gone (seen after containers on the network
# were killed together): compose then cannot delete that network and stops before the volumes. When that is
# the only fault, finish the job: the next `npm run up` reuses the network, and a restart of dockerd frees it.
grep -q 'has active endpoints' "$errors" || exit "$status"
[[ -z "$(docker ps -aq --filter "label=com.docker.compose.project=$project")" ]] || exit "$status"
for network in $(docker network ls -q --filter "label=com.docker.compose.project=$project"); do
  docker network rm "$network" >/dev/null 2>&1 ||
    say "network $(docker network inspect -f '{{.Name}}' "$network") kept: Docker holds an endpoint of a container that is gone (restarting dockerd frees it); npm run up reuses it"
done
if [[ " $* " == *" --volumes "* || " $* " == *" -v "* ]]; then
  docker volume ls -q --filter "label=com.docker.compose.project=$project" | xargs -r docker volume rm >/dev/null
fi
say "the stack is stopped"
