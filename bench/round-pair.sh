#!/usr/bin/env bash
# Before/after pairs of partial bench runs for docs/performance.md's "last round of changes" section
# (ADR 0006): the services at <before-rev> on a stack of their own (ports +OFFSET), then this
# checkout's on the default ports, back to back, so both sides share the machine's state.
#
#   bench/round-pair.sh <before-rev> [pairs=1] [workloads=read,create,webhook,refresh]
#
# Writes bench/results/round-before-N.json and round-after-N.json (N = 1..pairs; any older
# round-*.json are removed: the section is about one round) and regenerates the doc.
# Run it on a quiet machine: it takes both cores for ~4 minutes per pair.
set -euo pipefail

BEFORE=${1:?usage: bench/round-pair.sh <before-rev> [pairs] [workloads]}
PAIRS=${2:-1}
WORKLOADS=${3:-read,create,webhook,refresh}
OFFSET=${ROUND_PAIR_PORT_OFFSET:-500}
REPO=$(git rev-parse --show-toplevel)
# The postgres user must reach the stack directory: its parents need o+x (mktemp makes 0700).
TREE="$(mktemp -d)/before"
chmod o+x "$(dirname "$TREE")"

cd "$REPO"
rev=$(git rev-parse --short "$BEFORE")
git worktree add --detach "$TREE" "$rev" >/dev/null
cleanup() {
  (cd "$TREE" && offset_ports && ./stack down >/dev/null 2>&1) || true
  git -C "$REPO" worktree remove --force "$TREE" || true
  rm -rf "$(dirname "$TREE")"
}
# The before tree's stack on its own ports (every *_PORT of deploy/local/ports.env moved by OFFSET).
offset_ports() {
  set -a
  eval "$(sed -n "s/^\([A-Z0-9_]*_PORT\)=\([0-9]*\)\$/\1=\$((\2+$OFFSET))/p" deploy/local/ports.env)"
  set +a
}
trap cleanup EXIT

(cd "$TREE" && { pnpm install --frozen-lockfile --offline >/dev/null 2>&1 || pnpm install --frozen-lockfile >/dev/null; })
rm -f bench/results/round-*.json
for n in $(seq 1 "$PAIRS"); do
  echo "== pair $n: before ($rev)"
  (cd "$TREE" && offset_ports && pnpm bench -- --only "$WORKLOADS" --seconds 8 --label "round-before-$n")
  cp "$TREE/bench/results/round-before-$n.json" bench/results/
  echo "== pair $n: after ($(git rev-parse --short HEAD))"
  # --up starts a stack that is not running and stops it afterwards, so the two never overlap.
  pnpm bench -- --only "$WORKLOADS" --seconds 8 --label "round-after-$n"
done
pnpm bench -- --doc
