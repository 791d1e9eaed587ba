#!/bin/bash
# Starts a workspace: Xvnc on a Unix socket only (no TCP port: the workspace shares no network with the agent),
# with VNC authentication, a window manager, then the app.
# Settings: VNC_SOCKET (default /run/atrium/vnc/rfb.sock, in the session directory the agent shares),
# VNC_PASSWD_FILE (default /run/atrium/vnc/vnc-passwd, a vncpasswd-format file the agent writes there before
# start and rewrites when a staged container is claimed: Xvnc reads it at each authentication) or VNC_PASSWORD;
# GEOMETRY (default 1280x720). The root file system is read-only; $HOME and /tmp are tmpfs.
# VNC_PORT (never set by the agent) serves TCP instead: the image used as a plain VNC server, as the test
# suites' remote-system target.
set -euo pipefail
geometry="${GEOMETRY:-1280x720}"
socket="${VNC_SOCKET:-/run/atrium/vnc/rfb.sock}"
passwd_file="${VNC_PASSWD_FILE:-/run/atrium/vnc/vnc-passwd}"
if [ ! -r "$passwd_file" ] && [ -z "${VNC_PASSWORD:-}" ]; then
  echo "workspace: invalid setting VNC_PASSWD_FILE: no password file at $passwd_file (or set VNC_PASSWORD)" >&2
  exit 1
fi
[[ "$geometry" =~ ^[0-9]{3,4}x[0-9]{3,4}$ ]] || { echo "workspace: invalid setting GEOMETRY: must be WIDTHxHEIGHT" >&2; exit 1; }
if [ -n "${VNC_PORT:-}" ]; then
  [[ "$VNC_PORT" =~ ^[0-9]{1,5}$ ]] || { echo "workspace: invalid setting VNC_PORT: must be a port number" >&2; exit 1; }
  listen=(-rfbport "$VNC_PORT")
else
  [ -d "$(dirname "$socket")" ] || { echo "workspace: invalid setting VNC_SOCKET: no directory for $socket" >&2; exit 1; }
  # -rfbport -1: no TCP listener at all. -rfbunixmode is decimal: 432 is 0660 (the agent reaches the socket
  # through the session directory's group).
  listen=(-rfbunixpath "$socket" -rfbunixmode 432 -rfbport -1)
fi

# The home folder is an empty tmpfs: give it the usual dotfiles.
cp -rn /etc/skel/. "$HOME/" 2>/dev/null || true
if [ ! -r "$passwd_file" ]; then
  # A plain VNC server (the test suites' target) with its password in the environment.
  mkdir -p "$HOME/.vnc"
  printf '%s\n' "$VNC_PASSWORD" | vncpasswd -f > "$HOME/.vnc/passwd"
  chmod 600 "$HOME/.vnc/passwd"
  passwd_file="$HOME/.vnc/passwd"
fi
unset VNC_PASSWORD

Xvnc :1 -geometry "$geometry" -depth 24 "${listen[@]}" -rfbauth "$passwd_file" \
  -SecurityTypes VncAuth -AlwaysShared -desktop atrium -nolisten tcp &
xvnc=$!
for _ in $(seq 1 100); do [ -S /tmp/.X11-unix/X1 ] && break; sleep 0.05; done
export DISPLAY=:1
"${WINDOW_MANAGER:-openbox}" &
[ -n "${PANEL:-}" ] && "$PANEL" &
# The window manager must manage the app's window to give it keyboard focus; give it a moment to start.
sleep 0.3
cd "$HOME"
# The app runs for the life of the session; when it exits, the session's container ends too.
"$@" &
app=$!
trap 'kill -TERM $app $xvnc 2>/dev/null' TERM INT
wait -n $app $xvnc
