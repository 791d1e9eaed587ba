#!/bin/sh
# Render nginx.conf from the environment (exits 1 naming a bad setting), check it, then run nginx.
set -eu
conf="${NGINX_CONF_PATH:-/tmp/nginx/nginx.conf}"
node /app/dist/main.js
nginx -t -q -c "$conf" -e stderr
exec nginx -c "$conf" -e stderr -g 'daemon off;'
