#!/usr/bin/env bash
# Host firewall for workspaces with internet egress (their bridge: ATRIUM_EGRESS_BRIDGE, default atrium-egress).
# From that bridge, refuse:
#   - the host itself (INPUT): the Docker gateway, every address of this machine, its services;
#   - private, link-local (cloud metadata: 169.254.169.254), shared, loopback and multicast ranges (DOCKER-USER):
#     the roles, other containers, published ports after Docker's DNAT, the local network.
# Everything else (the internet) is forwarded as Docker does. Idempotent; needs root and iptables.
# Usage: egress-firewall.sh [bridge]
set -euo pipefail
bridge="${1:-${ATRIUM_EGRESS_BRIDGE:-atrium-egress}}"
[[ "$bridge" =~ ^[A-Za-z0-9_-]{1,15}$ ]] || { echo "egress-firewall: invalid bridge name: $bridge" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "egress-firewall: needs root to change the host firewall" >&2; exit 1; }
command -v iptables >/dev/null || { echo "egress-firewall: iptables is missing (Docker needs it too)" >&2; exit 1; }

ensure_rule() { # chain, rule...
  local chain=$1; shift
  iptables -w -C "$chain" "$@" 2>/dev/null || iptables -w -I "$chain" "$@"
}

# Docker makes DOCKER-USER when it starts; make it here too, in case this runs first.
iptables -w -N DOCKER-USER 2>/dev/null || true
ensure_rule INPUT -i "$bridge" -j DROP
for range in 10.0.0.0/8 172.16.0.0/12 192.168.0.0/16 169.254.0.0/16 100.64.0.0/10 127.0.0.0/8 224.0.0.0/4 240.0.0.0/4; do
  ensure_rule DOCKER-USER -i "$bridge" -d "$range" -j DROP
done
echo "egress-firewall: $bridge may reach the internet only"
