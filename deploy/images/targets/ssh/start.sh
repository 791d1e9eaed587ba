#!/bin/bash
# TARGET_USER / TARGET_PASSWORD (UTF-8 allowed) set the login; sshd then runs in the foreground.
set -euo pipefail
user="${TARGET_USER:-atrium}"
id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
printf '%s:%s\n' "$user" "${TARGET_PASSWORD:?TARGET_PASSWORD is required}" | chpasswd
ssh-keygen -A >/dev/null
# guacd 1.3.0 (libssh2 from bullseye) offers only ssh-rsa host keys, which OpenSSH 9 disables by default.
exec /usr/sbin/sshd -D -e -o PasswordAuthentication=yes -o KbdInteractiveAuthentication=yes -o UsePAM=yes \
  -o HostKeyAlgorithms=+ssh-rsa -o PubkeyAcceptedAlgorithms=+ssh-rsa
