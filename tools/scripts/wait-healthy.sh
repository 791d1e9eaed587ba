#!/usr/bin/env bash
# Waits until every long-running container of a compose project is healthy (the one-shot setup and migrate
# services are judged by the roles that wait for them). Usage: wait-healthy.sh PROJECT SECONDS
set -euo pipefail
project=$1 timeout=$2
deadline=$(( $(date +%s) + timeout ))
while :; do
  states=$(docker ps -a --filter "label=com.docker.compose.project=$project" \
    --format '{{.Label "com.docker.compose.service"}} {{.State}} {{.Status}}' | grep -v -e '^setup ' -e '^migrate ' || true)
  [ -n "$states" ] || { echo "no containers for project $project" >&2; exit 1; }
  pending=$(echo "$states" | grep -v '(healthy)' || true)
  [ -z "$pending" ] && exit 0
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "not healthy after ${timeout}s:" >&2; echo "$pending" >&2
    for service in $(echo "$pending" | cut -d' ' -f1); do
      echo "--- last log lines of $service" >&2
      docker logs --tail 15 "$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.service=$service" | head -1)" 2>&1 | sed 's/^/  /' >&2
    done
    exit 1
  fi
  sleep 2
done
