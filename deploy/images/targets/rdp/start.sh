#!/bin/bash
# TARGET_USER / TARGET_PASSWORD set the login; the session runs openbox with an xterm.
set -euo pipefail
user="${TARGET_USER:-atrium}"
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
printf '%s:%s\n' "$user" "${TARGET_PASSWORD:?TARGET_PASSWORD is required}" | chpasswd
# The window manager first, so that it manages (and focuses) the xterm: typed text must reach it.
printf '%s\n' 'openbox &' 'sleep 0.5' "exec xterm -fa 'DejaVu Sans Mono' -fs 11 -geometry 100x30+20+20" > "/home/$user/.xsession"
chown "$user:" "/home/$user/.xsession"
rm -f /var/run/xrdp/*.pid /var/run/xrdp-sesman.pid
mkdir -p /var/run/xrdp && chown xrdp /var/run/xrdp
/usr/sbin/xrdp-sesman --nodaemon &
exec /usr/sbin/xrdp --nodaemon
