#!/usr/bin/env bash
# npm run test:slurm: starts a single-node Slurm (start.sh, installing it if needed), runs the
# job-array test against it (test/slurm/), and stops exactly the daemons it started, whatever
# the outcome. The daemons' logs stay in the state folder when a test fails.
set -euo pipefail
cd "$(dirname "$0")/../.."

state=$(mktemp -d "${TMPDIR:-/tmp}/renp-slurm.XXXXXX")
status=1 # until the tests have passed
finish() {
  scripts/slurm/stop.sh "$state" || status=1
  if ((status == 0)); then rm -rf "$state"; else echo "slurm test: daemon logs in $state" >&2; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/slurm/start.sh "$state"
export SLURM_CONF=$state/slurm.conf RENP_SLURM_STATE=$state
if npx vitest run --config vitest.slurm.config.ts "$@"; then status=0; else status=$?; fi
