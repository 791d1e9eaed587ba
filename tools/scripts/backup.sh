#!/usr/bin/env bash
# `npm run backup [-- DIRECTORY]`: one archive of everything a host needs to come back on another:
#   database.dump     the database, one consistent snapshot (pg_dump's custom format)
#   secrets.tar       the secrets volume (database passwords, the credentials key that seals server passwords and
#                     client secrets, token keys, the agents' registration token)
#   certs.tar         the certificate volume (generated or yours)
#   webapp-data.tar   the webapp's volume (the first administrator's password file)
#   profiles.tar      the users' kept homes (ATRIUM_PROFILES_DIR)
#   manifest.json     Atrium's version and commit, the schema's last migration, each member's size and SHA-256
# The archive holds secrets: it is written readable by its owner only, and nothing here prints what it contains.
# The host keeps running; `npm run restore ARCHIVE` brings a new host to the same state.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
started=$(date +%s)

project="${COMPOSE_PROJECT_NAME:-atrium}"
profiles_dir="${ATRIUM_PROFILES_DIR:-/var/lib/atrium/profiles}"
out_dir="${1:-$ATRIUM_ROOT/backups}"
ensure_docker
db="$(role_container "$project" db)"
[ -n "$db" ] || fail "the database of project $project is not running: start the host (npm run up) before backing it up"
[ -d "$profiles_dir" ] || fail "no kept homes folder at $profiles_dir (ATRIUM_PROFILES_DIR)"

umask 077
mkdir -p "$out_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The owner's password stays inside the database container (its secrets mount); pg_dump reads one snapshot.
as_owner() { docker exec "$db" sh -c 'PGPASSWORD="$(cat /secrets/db/password)" exec "$@"' sh "$@"; }

say "database (pg_dump, one consistent snapshot)"
as_owner pg_dump -h 127.0.0.1 -U atrium -d atrium --format=custom >"$work/database.dump" || fail "pg_dump failed"
schema="$(as_owner psql -h 127.0.0.1 -U atrium -d atrium -tAc 'select name from knex_migrations order by id desc limit 1')"
[ -n "$schema" ] || fail "the database has no migrations applied: nothing to back up"

say "secrets, certificate and the webapp's data (volumes)"
for volume in secrets certs webapp-data; do
  docker volume inspect "${project}_${volume}" >/dev/null 2>&1 || fail "volume ${project}_${volume} is missing"
  docker run --rm --network none -v "${project}_${volume}:/volume:ro" "atrium/debian:bookworm" tar --numeric-owner -C /volume -cf - . >"$work/$volume.tar" \
    || fail "reading volume ${project}_${volume} failed"
done

say "kept homes ($profiles_dir)"
tar -C "$profiles_dir" -cf "$work/profiles.tar" . || fail "reading $profiles_dir failed"

node "$ATRIUM_ROOT/tools/scripts/backup-manifest.mjs" write "$work" "$schema" "$project"
archive="$out_dir/atrium-backup-$project-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
tar -C "$work" -czf "$archive.partial" manifest.json database.dump secrets.tar certs.tar webapp-data.tar profiles.tar
mv "$archive.partial" "$archive"
say "backup written in $(( $(date +%s) - started )) s: $archive ($(du -h "$archive" | cut -f1); schema $schema; readable by $(id -un) only)"
