#!/bin/sh
# The smallest entry point that keeps Atrium's image contract (docs/workspace-images.md): Xvnc on the agent's
# socket with the agent's password file, at the agent's screen size, then the image's application.
set -eu
: "${VNC_SOCKET:?the agent sets VNC_SOCKET}" "${VNC_PASSWD_FILE:?the agent sets VNC_PASSWD_FILE}" "${GEOMETRY:=1280x720}"
Xvnc :1 -geometry "$GEOMETRY" -depth 24 -rfbunixpath "$VNC_SOCKET" -rfbunixmode 432 -rfbport -1 \
  -rfbauth "$VNC_PASSWD_FILE" -SecurityTypes VncAuth -AlwaysShared -nolisten tcp &
export DISPLAY=:1
while [ ! -S /tmp/.X11-unix/X1 ]; do sleep 0.05; done
exec "$@"
