#!/usr/bin/env bash
# `npm test`: every test tier, on a fresh clone of this kind of machine as on a developer's.
#   prepare   npm dependencies, Docker engine, host tools, base and role images (and the e2e tier's test targets)
#   static    formatting (prettier), lint (module boundaries) and typecheck (the projects, and tools/bench)
#   unit      *.spec.ts beside the code
#   int       *.int.spec.ts against a real PostgreSQL from testcontainers
#   e2e       apps/stack-e2e against a real RA1 compose stack
# Ends with one line "tests: N passed, N failed, N skipped". TIERS="unit int" runs a subset.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
set -e
cd "$ATRIUM_ROOT"
tiers="${TIERS:-static unit int e2e}"
reports="$(mktemp -d /tmp/atrium-test-reports.XXXXXX)"
export TESTCONTAINERS_RYUK_DISABLED=true
started=$(date +%s)

say "preparing"
ensure_node_modules
ensure_docker
ensure_host_tools
[[ " $tiers " == *" e2e "* ]] && ensure_browser
if [[ " $tiers " == *" e2e "* || " $tiers " == *" int "* ]]; then build_everything; fi
[[ " $tiers " == *" e2e "* ]] && build_test_targets

status=0
run_tier() {
  local name=$1; shift
  local tier_started; tier_started=$(date +%s)
  say "tier $name"
  if "$@"; then say "tier $name passed in $(( $(date +%s) - tier_started )) s"; else say "tier $name FAILED"; status=1; fi
}

set +e
if [[ " $tiers " == *" static "* ]]; then
  run_tier static bash -c 'npx prettier --check . --log-level warn && npx nx run-many -t lint typecheck --output-style=static && npx tsc -p tools/bench/tsconfig.json'
fi
[[ " $tiers " == *" unit "* ]] && run_tier unit npx jest -c jest.unit.config.cjs --ci --json --outputFile="$reports/unit.json"
[[ " $tiers " == *" int "* ]] && run_tier int npx jest -c jest.int.config.cjs --ci --json --outputFile="$reports/int.json"
[[ " $tiers " == *" e2e "* ]] && run_tier e2e npx jest -c apps/stack-e2e/jest.e2e.config.cjs --ci --json --outputFile="$reports/e2e.json"

say "all tiers done in $(( $(date +%s) - started )) s"
report_files=()
for tier in unit int e2e; do [[ " $tiers " == *" $tier "* ]] && report_files+=("$reports/$tier.json"); done
if [ ${#report_files[@]} -gt 0 ]; then node tools/scripts/summarize-jest.cjs "${report_files[@]}" || status=1; fi
exit $status
