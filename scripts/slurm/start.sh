#!/usr/bin/env bash
# A single-node Slurm for tests: munged, slurmctld and slurmd, everything (config, keys, sockets,
# logs, spool, PIDs) inside STATE_DIR, on free local ports, so it neither needs nor disturbs a
# Slurm or munge already on the machine. Installs the Debian packages slurm-wlm and munge when
# they are missing (as root). Stop it with scripts/slurm/stop.sh STATE_DIR, which ends exactly
# the daemons started here (their PIDs are in STATE_DIR/pids).
#
#   scripts/slurm/start.sh STATE_DIR     # then: export SLURM_CONF=STATE_DIR/slurm.conf
#
# The configuration is the minimum Slurm 22.05 needs on one host: the host's CPUs and memory, one
# partition, proctrack/linuxproc and task/none (no cgroups), no accounting database (sacct does
# not work; `scontrol show job` keeps finished jobs for MinJobAge seconds).
set -euo pipefail

state=${1:?usage: scripts/slurm/start.sh STATE_DIR}
here=$(cd "$(dirname "$0")" && pwd)

fail() {
  echo "slurm/start: $*" >&2
  exit 1
}

[[ -e $state/pids ]] && fail "$state/pids exists: a Slurm from this folder may still run (scripts/slurm/stop.sh $state)"
mkdir -p "$state"
state=$(cd "$state" && pwd)

# --- install --------------------------------------------------------------------------------
commands=(munged slurmctld slurmd sbatch squeue sinfo scontrol scancel)
missing=()
for c in "${commands[@]}"; do command -v "$c" >/dev/null || missing+=("$c"); done
if ((${#missing[@]})); then
  [[ $(id -u) == 0 ]] || fail "missing ${missing[*]}; install the Debian packages slurm-wlm and munge (needs root)"
  command -v apt-get >/dev/null || fail "missing ${missing[*]} and no apt-get to install slurm-wlm and munge"
  echo "slurm/start: installing slurm-wlm and munge (missing: ${missing[*]})" >&2
  # Keep the packages' maintainer scripts from starting system-wide munged/slurmd daemons (which
  # nothing here would stop): a policy-rc.d that denies, only if the machine has none already.
  policy=/usr/sbin/policy-rc.d
  own_policy=
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && own_policy=1
  fi
  status=0
  {
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge
  } >"$state/apt.log" 2>&1 || status=$?
  [[ -n $own_policy ]] && rm -f "$policy"
  if ((status)); then
    tail -n 20 "$state/apt.log" >&2
    fail "apt-get could not install slurm-wlm and munge (exit $status; is the Debian archive reachable?)"
  fi
  for c in "${commands[@]}"; do command -v "$c" >/dev/null || fail "$c still missing after installing slurm-wlm and munge"; done
fi

# --- state folder and configuration ---------------------------------------------------------
# munged wants its socket's folders searchable by all, and its key's folder private.
chmod 755 "$state"
mkdir -p "$state/munge" "$state/key" "$state/ctld" "$state/slurmd"
chmod 755 "$state/munge"
chmod 700 "$state/key"

# A port nothing listens on (bash's /dev/tcp connects only when something does).
free_port() {
  local port=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
  echo "$port"
}
ctld_port=$(free_port 16817)
slurmd_port=$(free_port $((ctld_port + 1)))

host=$(uname -n)
host=${host%%.*} # the short name, as slurmd and slurmctld see themselves
cpus=$(nproc)
memory_mb=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) / 1024 * 9 / 10))

cat >"$state/slurm.conf" <<EOF
# Written by scripts/slurm/start.sh: a single-node test cluster in $state.
ClusterName=renptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/munge.socket
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/slurmd
SlurmctldPidFile=$state/ctld/slurmctld.pid
SlurmdPidFile=$state/slurmd/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=3600
KillWait=5
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
echo "export SLURM_CONF=$state/slurm.conf" >"$state/env"
export SLURM_CONF=$state/slurm.conf

# --- daemons ----------------------------------------------------------------------------------
# On any failure from here, stop what was started.
trap 'status=$?; if ((status)); then "$here/stop.sh" "$state" || true; fi' EXIT

# Each daemon runs in the foreground of a background job, so $! is the daemon's own PID.
started() {
  echo "$1 $2" >>"$state/pids"
}
alive() {
  local name pid
  while read -r name pid; do
    kill -0 "$pid" 2>/dev/null || {
      tail -n 20 "$state/$name.log" "$state/$name.out" 2>/dev/null >&2
      fail "$name (PID $pid) exited"
    }
  done <"$state/pids"
}
wait_for() {
  local what=$1 seconds=$2
  shift 2
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    alive
    sleep 0.2
  done
  fail "timed out after ${seconds} s waiting for $what"
}

key=$state/key/munge.key
dd if=/dev/urandom of="$key" bs=1024 count=1 status=none
chmod 400 "$key"
socket=$state/munge/munge.socket
nohup munged --foreground --key-file="$key" --socket="$socket" \
  --pid-file="$state/munge/munged.pid" --seed-file="$state/munge/munged.seed" \
  --log-file="$state/munged.log" >"$state/munged.out" 2>&1 &
started munged $!
munge_works() { munge -n -S "$socket" | unmunge -S "$socket"; }
wait_for "munged" 20 munge_works

nohup slurmctld -D -f "$SLURM_CONF" >"$state/slurmctld.out" 2>&1 &
started slurmctld $!
nohup slurmd -D -f "$SLURM_CONF" >"$state/slurmd.out" 2>&1 &
started slurmd $!

node_idle() { [[ $(sinfo -h -n "$host" -o %T) == idle ]]; }
wait_for "node $host to be idle" 60 node_idle
echo "slurm/start: node $host idle ($cpus CPUs, ${memory_mb} MB), slurmctld on port $ctld_port; export SLURM_CONF=$SLURM_CONF" >&2
