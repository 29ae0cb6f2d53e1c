#!/usr/bin/env bash
# Same-run before/after: `confu bench` of one commit against another (default: the working tree's
# HEAD) on stories260K with every drafter, runs interleaved (before, after, before, after, ...) so
# machine noise hits both alike. Each side runs from its own git worktree under /tmp, with the same
# head files (the "after" side's models/), fixed trees (the older CLI has no auto tree).
# Usage: tooling/bench-before-after.sh <before-commit> [after-commit] [rounds]
# Prints one line per run and a median table; needs ../shared beside the repository.
set -euo pipefail
before=${1:?before commit}
after=${2:-HEAD}
rounds=${3:-3}
root=$(git rev-parse --show-toplevel)
shared=$(cd "$root/../shared" && pwd)
worktree() {
  local dir=/tmp/confu-bench-$1
  if [ ! -d "$dir" ]; then
    git -C "$root" worktree add -f "$dir" "$1" >/dev/null
    (cd "$dir" && pnpm install --offline --frozen-lockfile --ignore-scripts >/dev/null)
  fi
  echo "$dir"
}
before_dir=$(worktree "$(git -C "$root" rev-parse --short "$before")")
after_dir=$(worktree "$(git -C "$root" rev-parse --short "$after")")
heads="$after_dir/models"
drafters=("ngram" "eagle3 $heads/stories260k-eagle3" "confu $heads/stories260k-confu")
out=$(mktemp)
for round in $(seq 1 "$rounds"); do
  for spec in "${drafters[@]}"; do
    read -r kind head <<<"$spec"
    for side in before after; do
      dir=${side}_dir
      result=$(cd "${!dir}" && node --conditions=@confu/source --import tsx apps/cli/src/main.ts bench \
        --model "$shared/models/stories260K" --prompts "$shared/eval/tinystories/question.jsonl" \
        --max-tokens 128 --threads 1 --draft "$kind" ${head:+--draft-model "$head"} \
        --tree-tokens 16 --tree-depth 5 --tree-topk 4 --json 2>/dev/null | tail -1)
      line=$(node -e 'const o = JSON.parse(process.argv[1]).overall; console.log([o.acceptanceLength.toFixed(3), o.baselineTokensPerSecond.toFixed(1), o.tokensPerSecond.toFixed(1), o.speedup.toFixed(3)].join(" "))' "$result")
      echo "round $round $kind $side $line" | tee -a "$out"
    done
  done
done
echo
echo "median over $rounds rounds: drafter side tau plain-tok/s speculative-tok/s speed-up"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split(" "));
const groups = new Map();
for (const [, , kind, side, ...v] of rows) {
  const key = `${kind} ${side}`;
  groups.set(key, [...(groups.get(key) ?? []), v.map(Number)]);
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
for (const [key, runs] of groups)
  console.log(key, runs[0].map((_, i) => median(runs.map((r) => r[i]))).join(" "));
' "$out"
