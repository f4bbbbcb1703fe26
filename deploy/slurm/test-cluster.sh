#!/bin/bash
# npm run test:cluster: brings up a single-node Slurm on this machine (Debian's slurm-wlm and munge,
# installed with apt-get when missing; needs root), submits a small suite as a job array of shards
# plus a dependent merge job (deploy/slurm/submit.sh), runs the same suite once without Slurm, and
# checks the merged results equal the single run's apart from timings. Stops what it started.
#   SCRUTABLE_SHARDS       number of shards (default 2)
#   SCRUTABLE_ARGS         the suite (default: the quick suite's settings on 3 substrates, 2 tasks, level 1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shards="${SCRUTABLE_SHARDS:-2}"
export SCRUTABLE_ARGS="${SCRUTABLE_ARGS:---suite quick --substrates dense,planted,symbolic --tasks boolean,facts --levels 1 --no-cache --no-self-checks}"
export SCRUTABLE_ROOT="$root"

[ "$(id -u)" = 0 ] || { echo "test:cluster needs root (it starts munged, slurmctld and slurmd)" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "installing slurm-wlm and munge with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
[ -f "$root/apps/bench/dist/cli.js" ] || (cd "$root" && npm run build)

work="$(mktemp -d)"
started=()
stop() {
  for pidfile in "${started[@]}"; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop EXIT

# munge: the key Debian's package made, or a new one
if [ ! -f /etc/munge/munge.key ]; then mungekey --create --keyfile /etc/munge/munge.key; chown munge:munge /etc/munge/munge.key; fi
if ! pgrep -x munged >/dev/null; then
  install -d -o munge -g munge /run/munge
  runuser -u munge -- munged
  started+=(/run/munge/munged.pid)
fi

host="$(hostname -s)"
memory_mb="$(awk '/MemTotal/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)"
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=scrutable-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MinJobAge=3600
NodeName=$host CPUs=$(nproc) RealMemory=$memory_mb State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -f "$SLURM_CONF"
started+=("$work/slurmctld.pid")
slurmd -f "$SLURM_CONF"
started+=("$work/slurmd.pid")
for _ in $(seq 60); do
  state="$(sinfo -h -o %T 2>/dev/null || true)"
  [ "$state" = idle ] && break
  sleep 1
done
[ "$state" = idle ] || { echo "the Slurm node did not come up (state: '$state'); logs in $work" >&2; cat "$work"/slurm*.log >&2; exit 1; }
echo "slurm up: node $host, $(nproc) CPUs"

export SCRUTABLE_OUT="$work/out"
cd "$work"
read -r _ array _ merge < <("$here/submit.sh" "$shards")
echo "submitted: job array $array ($shards shards), merge job $merge (after the array)"
job_state() { scontrol show job "$1" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | sort -u | tr '\n' ' '; }
while squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; do sleep 2; done
echo "array $array: $(job_state "$array")"
echo "merge $merge: $(job_state "$merge")"
[ -f "$SCRUTABLE_OUT/merged/results.json" ] || { echo "no merged results; logs:" >&2; cat "$work"/scrutable-*.log >&2; exit 1; }

echo "single run of the same suite, without Slurm"
# shellcheck disable=SC2086 # SCRUTABLE_ARGS is a list of flags
node "$root/apps/bench/dist/cli.js" bench $SCRUTABLE_ARGS --workers "$(nproc)" --out "$work/single" >/dev/null
echo "comparison of the merged shards with the single run:"
node "$here/../compare-results.mjs" "$SCRUTABLE_OUT/merged/results.json" "$work/single/results.json"
echo "test:cluster passed: $shards shards, job array $array, merge job $merge"
