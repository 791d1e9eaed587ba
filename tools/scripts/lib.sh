# Shared helpers for Atrium's scripts. Source it; do not run it.
# shellcheck shell=bash
ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ATRIUM_ROOT

say() { printf '\033[1m[atrium]\033[0m %s\n' "$*"; }
fail() { printf '[atrium] error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  is_root || fail "missing $*; install it (apt-get install $*) or run as root so Atrium can"
  if [ -z "${ATRIUM_APT_UPDATED:-}" ]; then apt-get update -qq >/dev/null; export ATRIUM_APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Installs the workspace's npm dependencies when they are missing or the lockfile changed.
ensure_node_modules() {
  local stamp="$ATRIUM_ROOT/node_modules/.atrium-lock.sha256"
  local want; want="$(sha256sum "$ATRIUM_ROOT/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  say "installing npm dependencies (npm ci)"
  (cd "$ATRIUM_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
}

# Makes sure a Docker engine answers; installs Debian's docker.io and starts dockerd when allowed.
ensure_docker() {
  if docker info >/dev/null 2>&1; then return; fi
  is_root || fail "no Docker engine answers and this is not root: install and start Docker, or run as root"
  if ! command -v dockerd >/dev/null 2>&1; then say "installing Docker (docker.io)"; apt_install docker.io; fi
  if ! docker info >/dev/null 2>&1; then
    say "starting dockerd in the background (log: /var/log/atrium-dockerd.log)"
    nohup dockerd >>/var/log/atrium-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
    docker info >/dev/null 2>&1 || fail "dockerd did not start; see /var/log/atrium-dockerd.log"
  fi
}

# `docker compose` (v2) where it exists, else Debian's docker-compose 1.29, installed when missing.
compose_cmd() {
  if docker compose version >/dev/null 2>&1; then echo "docker compose"; return; fi
  command -v docker-compose >/dev/null 2>&1 || apt_install docker-compose
  echo "docker-compose"
}

# Host tools the build and the tests use: debootstrap (base images), nginx (nginx -t), openssl.
ensure_host_tools() {
  local missing=()
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  command -v nginx >/dev/null 2>&1 || missing+=(nginx-light)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then say "installing ${missing[*]}"; apt_install "${missing[@]}"; fi
}

# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
ensure_browser() {
  [ -x /usr/bin/chromium ] && return
  say "installing chromium (browser tests)"
  apt_install chromium
}

# Workspace images, in the order their FROM lines need: the base, then each workspace (the desktop starts from
# chromium). Each image's icon (from its Debian package) is copied out for the portal (tmp/workspace-icons).
WORKSPACE_IMAGES=(base terminal chromium firefox office desktop)
build_workspace_images() {
  say "building workspace images (${WORKSPACE_IMAGES[*]})"
  local name tag icons="$ATRIUM_ROOT/tmp/workspace-icons"
  mkdir -p "$icons"
  for name in "${WORKSPACE_IMAGES[@]}"; do
    tag="atrium/workspace-$name:${ATRIUM_VERSION:-dev}"
    docker build -q -t "$tag" -f "$ATRIUM_ROOT/deploy/images/workspaces/$name/Dockerfile" "$ATRIUM_ROOT/deploy/images/workspaces" \
      >/tmp/atrium-workspace-image.log 2>&1 || { tail -20 /tmp/atrium-workspace-image.log; fail "building workspace $name failed"; }
    [ "$name" = base ] && continue
    # The image's icon (SVG or PNG, from its application's Debian package), served by kasm_proxy at /icons/.
    rm -f "$icons/$name".*
    docker run --rm --network none --entrypoint sh "$tag" -c 'cat /usr/share/atrium/icon.svg 2>/dev/null' >"$icons/$name.svg" \
      || { rm -f "$icons/$name.svg"; docker run --rm --network none --entrypoint cat "$tag" /usr/share/atrium/icon.png >"$icons/$name.png"; } \
      || fail "workspace image $name has no /usr/share/atrium/icon.svg or icon.png"
  done
}

# The remote systems the end-to-end tests and `bench:remote-transfer` connect to (SSH, xrdp, an NLA RDP server):
# built by the test tier that uses them, never by `up` (a host runs none of them).
build_test_targets() {
  say "building test target images"
  local dir name
  for dir in "$ATRIUM_ROOT"/deploy/images/targets/*/; do
    name="$(basename "$dir")"
    docker build -q -t "atrium/target-$name:${ATRIUM_VERSION:-dev}" -f "$dir/Dockerfile" "$ATRIUM_ROOT/deploy/images/targets" \
      >/tmp/atrium-target-image.log 2>&1 || { tail -20 /tmp/atrium-target-image.log; fail "building test target $name failed"; }
  done
}

# Base images, workspace build, role images: everything `up` and the end-to-end tests start from.
build_everything() {
  bash "$ATRIUM_ROOT/tools/images/build-base-images.sh"
  say "building the workspace (nx run-many -t build)"
  (cd "$ATRIUM_ROOT" && npx nx run-many -t build --output-style=static >/tmp/atrium-nx-build.log 2>&1) \
    || { tail -40 /tmp/atrium-nx-build.log; fail "workspace build failed (full log: /tmp/atrium-nx-build.log)"; }
  local role
  for role in webapp agent connection-proxy kasm-proxy; do
    node "$ATRIUM_ROOT/tools/scripts/stage-image.mjs" "$role" >/dev/null || fail "staging the $role image failed"
  done
  build_workspace_images
  say "building role images"
  (cd "$ATRIUM_ROOT/deploy" && $(compose_cmd) build -q >/tmp/atrium-compose-build.log 2>&1) \
    || { tail -40 /tmp/atrium-compose-build.log; fail "image build failed (full log: /tmp/atrium-compose-build.log)"; }
}

docker_socket_gid() { stat -c %g /var/run/docker.sock; }

# The host's public address, as the settings give it.
stack_url() {
  local https_port="${ATRIUM_HTTPS_PORT:-443}" host="${ATRIUM_HOSTNAME:-localhost}"
  echo "https://$host$([ "$https_port" = 443 ] || echo ":$https_port")/"
}

# The running container of one role of a compose project (empty when it is not running).
role_container() { docker ps -q --filter "label=com.docker.compose.project=$1" --filter "label=com.docker.compose.service=$2"; }

# Starts (or updates) the stack from built images, sets the egress firewall, waits until every role is healthy,
# then asks the platform's health through the front door. `up` and `restore` end with it.
start_stack() {
  export DOCKER_GID="${DOCKER_GID:-$(docker_socket_gid)}"
  local compose project="${COMPOSE_PROJECT_NAME:-atrium}" proxy
  compose="$(compose_cmd)"
  say "starting the stack ($compose up -d)"
  (cd "$ATRIUM_ROOT/deploy" && $compose up -d --remove-orphans 2>&1 | grep -v -e '^$' -e 'is up-to-date') || true

  say "host firewall for workspaces with internet egress"
  bash "$ATRIUM_ROOT/tools/scripts/egress-firewall.sh" "${ATRIUM_EGRESS_BRIDGE:-atrium-egress}" >/dev/null

  say "waiting for every role to be healthy"
  bash "$ATRIUM_ROOT/tools/scripts/wait-healthy.sh" "$project" 240

  # The platform's own view, asked through the front door from inside it, verified against the served certificate.
  proxy="$(role_container "$project" kasm_proxy)"
  if docker exec "$proxy" node -e "
    const ca = require('fs').readFileSync('/certs/tls.crt');
    require('https').get({ host: '127.0.0.1', port: 8443, path: '/api/health', ca, servername: process.argv[1] },
      (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', () => process.exit(1));" "${ATRIUM_HOSTNAME:-localhost}"; then
    say "platform health: ok ($(stack_url)api/health)"
  else
    say "platform health is not ok yet: see $(stack_url)api/health"
  fi
}
