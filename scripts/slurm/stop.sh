#!/usr/bin/env bash
# Stops the single-node Slurm of scripts/slurm/start.sh STATE_DIR: cancels the jobs still in it,
# then ends exactly the daemons listed in STATE_DIR/pids (checking each PID still runs the program
# it was recorded for), slurmd and slurmctld first, munged last. Safe to run twice.
set -uo pipefail

state=${1:?usage: scripts/slurm/stop.sh STATE_DIR}
pids=$state/pids
[[ -f $pids ]] || exit 0

# Is PID still the daemon NAME started by start.sh (not a process that reused the number, nor a
# zombie waiting for its parent)?
is_ours() {
  local stat
  stat=$(cat "/proc/$2/stat" 2>/dev/null) || return 1
  [[ $stat == "$2 ($1) "* && $stat != "$2 ($1) Z"* ]]
}

# Jobs first, while the daemons still run: their processes (slurmstepd and the job's own) end with
# the jobs, not with slurmd.
if grep -q '^slurmctld ' "$pids" && [[ -f $state/slurm.conf ]]; then
  export SLURM_CONF=$state/slurm.conf
  if timeout 10 scancel --full --quiet --user="$(id -un)" 2>/dev/null; then
    for ((i = 0; i < 100; i++)); do
      [[ -z $(timeout 5 squeue -h -t running,completing -o %i 2>/dev/null) ]] && break
      sleep 0.2
    done
  fi
fi

# Reverse order of start: slurmd, slurmctld, munged.
status=0
mapfile -t entries < <(tac "$pids")
for entry in "${entries[@]}"; do
  read -r name pid <<<"$entry"
  is_ours "$name" "$pid" || continue
  kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < 50; i++)); do
    is_ours "$name" "$pid" || break
    sleep 0.2
  done
  if is_ours "$name" "$pid"; then
    echo "slurm/stop: $name (PID $pid) ignored SIGTERM for 10 s; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
    sleep 1
    if is_ours "$name" "$pid"; then
      echo "slurm/stop: $name (PID $pid) still runs after SIGKILL" >&2
      status=1
    fi
  fi
done
((status)) || rm -f "$pids"
exit "$status"
