#!/bin/bash
# TARGET_PASSWORD sets the password of user "atrium"; NLA only (/sec:nla), checked against the SAM file.
set -euo pipefail
user="${TARGET_USER:-atrium}"
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
mkdir -p /etc/winpr
winpr-hash -u "$user" -p "${TARGET_PASSWORD:?TARGET_PASSWORD is required}" -f sam > /etc/winpr/SAM
Xvfb :0 -screen 0 1280x800x24 -nolisten tcp &
for _ in $(seq 1 50); do [ -S /tmp/.X11-unix/X0 ] && break; sleep 0.1; done
# The desktop belongs to the user: what is typed into the xterm runs as them.
su "$user" -s /bin/bash -c "DISPLAY=:0 openbox & DISPLAY=:0 xterm -fa 'DejaVu Sans Mono' -fs 11 -geometry 100x30+20+20 &"
export DISPLAY=:0
exec freerdp-shadow-cli /port:3389 /sec:nla +auth /sam-file:/etc/winpr/SAM
