#!/usr/bin/env bash
# `npm run dev:db`: a development PostgreSQL on 127.0.0.1:55432 for `nx serve webapp` (data kept in a volume).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_docker
bash "$ATRIUM_ROOT/tools/images/build-base-images.sh"
docker image inspect atrium/postgres:15 >/dev/null 2>&1 || docker build -q -t atrium/postgres:15 "$ATRIUM_ROOT/deploy/images/postgres" >/dev/null
if [ -z "$(docker ps -q --filter name='^atrium-dev-db$')" ]; then
  docker rm -f atrium-dev-db >/dev/null 2>&1 || true
  docker run -d --name atrium-dev-db -p 127.0.0.1:55432:5432 -v atrium-dev-db:/var/lib/postgresql/data \
    -e POSTGRES_USER=atrium -e POSTGRES_DB=atrium -e POSTGRES_PASSWORD=atrium-dev-only atrium/postgres:15 >/dev/null
fi
say "development database: postgres://atrium:atrium-dev-only@127.0.0.1:55432/atrium"
say "the variables for nx serve webapp are in apps/webapp/.env.development"
