#!/bin/bash
# Starts a workspace: Xvnc on a Unix socket only (no TCP port: the workspace shares no network with the agent),
# with VNC authentication, then the workspace's command.
# Settings (the image's, or the agent's):
#   VNC_SOCKET       default /run/atrium/vnc/rfb.sock, in the session directory the agent shares
#   VNC_PASSWD_FILE  default /run/atrium/vnc/vnc-passwd, a vncpasswd-format file the agent writes there before
#                    start and rewrites when a staged container is claimed (Xvnc reads it at each
#                    authentication); or VNC_PASSWORD
#   GEOMETRY         default 1280x720
#   SESSION_KIND     app (default): one application, maximized and undecorated by openbox, so it fills the
#                    display and follows its size; desktop: the command is a whole desktop session (XFCE)
#   APP_RESTART      never (default): the session ends when the application exits; always: it is started
#                    again (a kiosk browser the user closed comes back)
# The root file system is read-only; $HOME and /tmp are tmpfs. VNC_PORT (never set by the agent) serves TCP
# instead: the image used as a plain VNC server, as the test suites' remote-system target.
set -euo pipefail
geometry="${GEOMETRY:-1280x720}"
socket="${VNC_SOCKET:-/run/atrium/vnc/rfb.sock}"
passwd_file="${VNC_PASSWD_FILE:-/run/atrium/vnc/vnc-passwd}"
kind="${SESSION_KIND:-app}"
restart="${APP_RESTART:-never}"
fail() { echo "workspace: invalid setting $1" >&2; exit 1; }
if [ ! -r "$passwd_file" ] && [ -z "${VNC_PASSWORD:-}" ]; then
  fail "VNC_PASSWD_FILE: no password file at $passwd_file (or set VNC_PASSWORD)"
fi
[[ "$geometry" =~ ^[0-9]{3,4}x[0-9]{3,4}$ ]] || fail "GEOMETRY: must be WIDTHxHEIGHT"
[[ "$kind" =~ ^(app|desktop)$ ]] || fail "SESSION_KIND: must be app or desktop"
[[ "$restart" =~ ^(never|always)$ ]] || fail "APP_RESTART: must be never or always"
[ $# -gt 0 ] || fail "command: the image names no application to run"
if [ -n "${VNC_PORT:-}" ]; then
  [[ "$VNC_PORT" =~ ^[0-9]{1,5}$ ]] || fail "VNC_PORT: must be a port number"
  listen=(-rfbport "$VNC_PORT")
else
  [ -d "$(dirname "$socket")" ] || fail "VNC_SOCKET: no directory for $socket"
  # -rfbport -1: no TCP listener at all. -rfbunixmode is decimal: 432 is 0660 (the agent reaches the socket
  # through the session directory's group).
  listen=(-rfbunixpath "$socket" -rfbunixmode 432 -rfbport -1)
fi

# A kept home (persistent profile) comes as a read-only tar the agent saved at the end of the last session: unpacked
# here, as this user, into this home only, before any application starts. A home that does not fit its tmpfs any
# more says so in the log and starts with what fit.
profile=/run/atrium/profile/home.tar
if [ -r "$profile" ]; then
  tar -C "$HOME" -xf "$profile" --no-overwrite-dir 2>/dev/null || echo "workspace: the kept home did not unpack whole (is it larger than its profile?)" >&2
fi
# The home folder is an empty tmpfs (or a kept profile): give it the usual dotfiles without overwriting any.
cp -rn /etc/skel/. "$HOME/" 2>/dev/null || true
mkdir -p "$HOME/Downloads" "$HOME/Uploads"
if [ ! -r "$passwd_file" ]; then
  # A plain VNC server (the test suites' target) with its password in the environment.
  mkdir -p "$HOME/.vnc"
  printf '%s\n' "$VNC_PASSWORD" | vncpasswd -f > "$HOME/.vnc/passwd"
  chmod 600 "$HOME/.vnc/passwd"
  passwd_file="$HOME/.vnc/passwd"
fi
unset VNC_PASSWORD

# Sound: a PulseAudio of this session's own (common/pulse-session.pa). Only where the session directory is shared
# with an agent; a workspace without it (the suites' plain VNC target) has no one to send sound to. A sound server
# that cannot start leaves the session silent, never without its desktop.
if [ -z "${VNC_PORT:-}" ] && command -v pulseaudio >/dev/null; then
  mkdir -p /tmp/pulse && chmod 700 /tmp/pulse
  pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit=yes --disable-shm=yes --realtime=no --high-priority=no -n -F /etc/atrium/pulse-session.pa \
    --log-target=stderr --log-level=error &
fi

Xvnc :1 -geometry "$geometry" -depth 24 "${listen[@]}" -rfbauth "$passwd_file" \
  -SecurityTypes VncAuth -AlwaysShared -desktop atrium -nolisten tcp &
xvnc=$!
for _ in $(seq 1 200); do [ -S /tmp/.X11-unix/X1 ] && break; sleep 0.02; done
export DISPLAY=:1
cd "$HOME"

if [ "$kind" = app ]; then
  openbox --config-file /etc/atrium/openbox-app.xml &
  # The window manager must be managing the screen before the application maps its window, or the window keeps
  # its own size and position; and it must have finished starting: openbox claims the screen (_NET_SUPPORTING_WM_CHECK)
  # before it loads its theme, and a toolkit that asks it to configure a window in between gets no answer and waits
  # its own timeout (Xt's wmTimeout: xterm stayed black for 5 s in two launches of three). _NET_CLIENT_LIST is the
  # last thing openbox sets as it starts (after managing the windows already there).
  for _ in $(seq 1 100); do xprop -root _NET_CLIENT_LIST 2>/dev/null | grep -q 'window id' && break; sleep 0.02; done
fi

run_app() {
  if [ "$restart" = always ]; then
    # Restarted when it exits, but not in a tight loop if it cannot start at all.
    while :; do "$@" || true; sleep 1; done
  else
    "$@"
  fi
}
# The application runs for the life of the session; when it exits (and is not restarted), the container ends.
run_app "$@" &
app=$!
trap 'kill -TERM $app $xvnc 2>/dev/null' TERM INT
wait -n $app $xvnc
