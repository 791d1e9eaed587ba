#!/usr/bin/env bash
# `npm run restore ARCHIVE [-- --replace]`: brings this host to the state an archive of `npm run backup` holds: the
# database, the secrets (so sealed server passwords and client secrets open again, and the administrator's password
# is the original one), the certificate, the webapp's data and the kept homes; then starts every role, which
# migrates a database from an older Atrium forward. Run it with the settings the old host had (ATRIUM_HOSTNAME,
# ATRIUM_AGENT_NAME, whose name the kept homes are filed under, ...).
# It checks the archive before it touches anything: a damaged archive, or one from a newer Atrium, is refused.
# It restores onto an empty host; --replace first deletes this host's database, secrets and kept homes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$(date +%s)

archive="${1:-}"
replace=false
[ "${2:-}" = "--replace" ] && replace=true
[ -n "$archive" ] || fail "usage: npm run restore ARCHIVE [-- --replace]"
[ -f "$archive" ] || fail "no archive at $archive"
project="${COMPOSE_PROJECT_NAME:-atrium}"
profiles_dir="${ATRIUM_PROFILES_DIR:-/var/lib/atrium/profiles}"

# mktemp -d makes a folder only its owner can enter; no umask here, since the images built below must stay
# readable by the roles' own users.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "checking the archive"
tar -C "$work" -xzf "$archive" 2>/dev/null || fail "the archive is damaged: $archive cannot be read as a .tar.gz"
node "$ATRIUM_ROOT/tools/scripts/backup-manifest.mjs" check "$work" || exit $?

ensure_node_modules
ensure_docker
ensure_host_tools
compose="$(compose_cmd)"
export DOCKER_GID="${DOCKER_GID:-$(docker_socket_gid)}"
in_deploy() { (cd "$ATRIUM_ROOT/deploy" && $compose "$@"); }

# Only onto an empty host, unless asked to replace what is there.
if docker volume inspect "${project}_db-data" >/dev/null 2>&1; then
  $replace || fail "project $project already has a database (volume ${project}_db-data): restore onto an empty host, or add -- --replace to delete this host's data first"
  say "deleting this host's database, secrets and volumes (--replace)"
  in_deploy down -v --remove-orphans >/dev/null 2>&1
fi
if [ -d "$profiles_dir" ] && [ -n "$(ls -A "$profiles_dir")" ]; then
  $replace || fail "$profiles_dir (ATRIUM_PROFILES_DIR) already holds kept homes: restore onto an empty host, or add -- --replace"
  find "$profiles_dir" -mindepth 1 -delete
fi

build_everything

say "secrets, certificate and the webapp's data"
# The one-shot setup role creates the volumes as compose owns them (and fresh secrets, replaced at once).
in_deploy up -d setup >/dev/null 2>&1 || fail "creating the stack's volumes failed"
for volume in secrets certs webapp-data; do
  docker run --rm --network none -v "${project}_${volume}:/volume" -v "$work:/backup:ro" "atrium/debian:bookworm" \
    sh -c 'find /volume -mindepth 1 -delete && tar --numeric-owner -C /volume -xpf "/backup/$1.tar"' sh "$volume" \
    || fail "writing volume ${project}_${volume} failed"
done

say "kept homes ($profiles_dir)"
mkdir -p "$profiles_dir"
tar --numeric-owner -C "$profiles_dir" -xpf "$work/profiles.tar" || fail "writing $profiles_dir failed"

say "database"
in_deploy up -d db >/dev/null 2>&1 || fail "starting the database failed"
db="$(role_container "$project" db)"
for _ in $(seq 1 60); do
  [ "$(docker inspect -f '{{.State.Health.Status}}' "$db" 2>/dev/null)" = healthy ] && break
  sleep 2
done
[ "$(docker inspect -f '{{.State.Health.Status}}' "$db")" = healthy ] || fail "the database did not become healthy"
# As the owner (its password from the restored secrets, inside the container); grants follow at the migrate step.
docker exec -i "$db" sh -c 'PGPASSWORD="$(cat /secrets/db/password)" exec pg_restore -h 127.0.0.1 -U atrium -d atrium --no-owner --no-acl --exit-on-error' \
  <"$work/database.dump" || fail "pg_restore failed"

start_stack
say "restored in $(( $(date +%s) - started )) s: $(stack_url) (the administrator's password is the one the old host had)"
