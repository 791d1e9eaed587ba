#!/bin/bash
# Starts a workspace: Xvnc on one port with VNC authentication, a window manager, then the app.
# Settings: VNC_PASSWORD_FILE (default /run/atrium/vnc-password, put there by the agent before start)
# or VNC_PASSWORD; GEOMETRY (default 1280x720); VNC_PORT (default 5901). No websockify: the agent
# speaks RFB to this port and terminates its security itself.
set -euo pipefail
geometry="${GEOMETRY:-1280x720}"
port="${VNC_PORT:-5901}"
password_file="${VNC_PASSWORD_FILE:-/run/atrium/vnc-password}"
if [ -r "$password_file" ]; then password="$(cat "$password_file")"; else password="${VNC_PASSWORD:-}"; fi
[ -n "$password" ] || { echo "workspace: invalid setting VNC_PASSWORD_FILE: no password at $password_file (or set VNC_PASSWORD)" >&2; exit 1; }
[[ "$geometry" =~ ^[0-9]{3,4}x[0-9]{3,4}$ ]] || { echo "workspace: invalid setting GEOMETRY: must be WIDTHxHEIGHT" >&2; exit 1; }

mkdir -p "$HOME/.vnc"
printf '%s\n' "$password" | vncpasswd -f > "$HOME/.vnc/passwd"
chmod 600 "$HOME/.vnc/passwd"
unset password VNC_PASSWORD

Xvnc :1 -geometry "$geometry" -depth 24 -rfbport "$port" -rfbauth "$HOME/.vnc/passwd" \
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
