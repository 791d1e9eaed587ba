#!/bin/bash
# Starts the workspace's browser (chromium or firefox-esr) on its homepage, in kiosk mode or as a maximized
# window. Settings, from the agent: BROWSER_HOMEPAGE (a URL; default the browser's own start page) and
# BROWSER_KIOSK (true: full screen, no address bar or tabs). Everything else (allowed and denied URLs, the
# download folder, no first-run dialogs) is the managed policy the agent wrote into /run/atrium/config.
set -euo pipefail
browser="${1:?which browser}"
homepage="${BROWSER_HOMEPAGE:-}"
kiosk="${BROWSER_KIOSK:-false}"
[[ "$kiosk" =~ ^(true|false)$ ]] || { echo "workspace: invalid setting BROWSER_KIOSK: must be true or false" >&2; exit 1; }
args=()
case "$browser" in
  chromium)
    # The profile lives in the home folder (kept between sessions where the workspace has a persistent profile).
    args=(--no-first-run --no-default-browser-check --password-store=basic --start-maximized
          --disable-features=MediaRouter --user-data-dir="$HOME/.config/chromium")
    [ "$kiosk" = true ] && args+=(--kiosk)
    ;;
  firefox-esr)
    args=(--profile "$HOME/.mozilla/atrium")
    mkdir -p "$HOME/.mozilla/atrium"
    [ "$kiosk" = true ] && args+=(--kiosk)
    ;;
  *) echo "workspace: unknown browser $browser" >&2; exit 1 ;;
esac
[ -n "$homepage" ] && args+=("$homepage")
exec "$browser" "${args[@]}"
