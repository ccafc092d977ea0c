#!/bin/bash
# gpuprobe on 16 GPU nodes of a Slurm cluster, each run pushed into the shared PostgreSQL
# history. Submit with: GPUPROBE_DB='postgresql://gpuprobe:PASSWORD@history:5432/gpuprobe' \
#   sbatch --export=ALL docs/fleet/slurm-array.sh
# then: gpuprobe history --db "$GPUPROBE_DB" --fleet
# --exclusive gives each array task a whole node, so no two runs share (and measure) one;
# set --array to your node count and --partition to your GPU partition.
#SBATCH --job-name=gpuprobe-fleet
#SBATCH --array=0-15
#SBATCH --nodes=1
#SBATCH --exclusive
#SBATCH --gres=gpu:1
#SBATCH --time=00:20:00
#SBATCH --output=gpuprobe-%A_%a.out
set -euo pipefail
: "${GPUPROBE_DB:?set GPUPROBE_DB to the postgresql:// URL of the shared history}"
# The result document stays on the node's scratch too; the history holds the figures.
gpuprobe run --quick --db "$GPUPROBE_DB" --json "${TMPDIR:-/tmp}/gpuprobe-$SLURM_JOB_ID-$SLURM_ARRAY_TASK_ID.json"
