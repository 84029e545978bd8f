#!/usr/bin/env bash
# The README's test command: prepares the machine, then lints, typechecks and tests every project
# against real PostgreSQL and Redis servers that the tests start themselves, then the whole local
# stack (./stack) end to end, then the chaos suite's CI subset under load.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/bootstrap.sh

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false
rm -rf .test-results
status=0
pnpm nx run-many -t lint --outputStyle=static || status=1
# Unit and integration tests start their own servers: two projects at a time is what two cores carry.
pnpm nx run-many -t test --exclude=local-stack --parallel=2 --outputStyle=stream || status=1
# The stack test starts twenty processes: it runs alone.
pnpm nx run local-stack:test --outputStyle=stream || status=1
# Chaos CI subset on a fresh stack under load (instance, DB leader and Redis master loss, webhook
# storm): fails on any lost or duplicated write, or any failed request where 0 is promised.
pnpm nx run chaos:ci --outputStyle=stream || status=1
node tools/print-test-summary.mjs || status=1
exit $status
