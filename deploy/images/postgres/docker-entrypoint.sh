#!/bin/bash
# Initialises the cluster on first start (password from POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE),
# then runs the server in the foreground. Extra arguments after `postgres` are passed on (e.g. -c fsync=off).
set -euo pipefail
[ "${1:-}" = postgres ] && shift
# The socket lives in /tmp, the one writable place besides PGDATA when the root filesystem is read-only.
export PGHOST=/tmp

POSTGRES_USER="${POSTGRES_USER:-postgres}"
POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
  [ -r "$POSTGRES_PASSWORD_FILE" ] || { echo "db: invalid setting POSTGRES_PASSWORD_FILE: cannot read $POSTGRES_PASSWORD_FILE" >&2; exit 1; }
  POSTGRES_PASSWORD="$(cat "$POSTGRES_PASSWORD_FILE")"
fi
[ -n "${POSTGRES_PASSWORD:-}" ] || { echo "db: invalid setting POSTGRES_PASSWORD: is required (or POSTGRES_PASSWORD_FILE)" >&2; exit 1; }

# First start: initialise into a scratch directory and rename it into place only when complete, so an
# interrupted first start (killed, out of disk) is retried from scratch instead of leaving half a cluster.
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  echo '{"service":"db","msg":"initialising database cluster"}'
  scratch="$PGDATA.init"
  rm -rf "$scratch"
  pwfile="$(mktemp)"
  printf '%s' "$POSTGRES_PASSWORD" > "$pwfile"
  initdb -D "$scratch" -U "$POSTGRES_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo 'host all all all scram-sha-256' >> "$scratch/pg_hba.conf"
  pg_ctl -D "$scratch" -o "-c listen_addresses='' -c unix_socket_directories=/tmp" -w start >/dev/null
  if [ "$POSTGRES_DB" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -q -U "$POSTGRES_USER" -d postgres -c "CREATE DATABASE \"$POSTGRES_DB\""
  fi
  pg_ctl -D "$scratch" -m fast -w stop >/dev/null
  rm -rf "$PGDATA"
  mv "$scratch" "$PGDATA"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/tmp -c log_destination=stderr "$@"
