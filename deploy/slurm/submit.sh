#!/bin/bash
# Submits a suite as a Slurm job array of N shards plus a merge job that runs once all of them have ended
# (afterany: a shard with failed cells exits 1, and its finished cells still belong in the merge; merge
# itself refuses when a shard wrote no results).
# Usage: SCRUTABLE_OUT=/shared/run1 deploy/slurm/submit.sh N [extra sbatch flags]
# Prints the array's job id and the merge's job id.
set -euo pipefail
count="${1:?usage: submit.sh N (the number of shards)}"
shift
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
: "${SCRUTABLE_OUT:?set SCRUTABLE_OUT to a folder every node can write}"
mkdir -p "$SCRUTABLE_OUT"
array=$(sbatch --parsable --export=ALL --array="1-$count" "$@" "$here/bench-shard.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency="afterany:$array" --kill-on-invalid-dep=yes "$@" "$here/merge.sbatch")
echo "array $array merge $merge"
