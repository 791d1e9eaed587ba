#!/usr/bin/env bash
# The test targets alone (`npm run build:test-targets`): for `bench:remote-transfer` or one e2e suite run by hand.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_docker
bash "$ATRIUM_ROOT/tools/images/build-base-images.sh"
build_test_targets
