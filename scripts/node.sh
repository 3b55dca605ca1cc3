#!/usr/bin/env bash
# make node-up / node-down: a real single-node cluster in the background, state under .local/.
# It shares .local/kubeconfig with `make cluster-up`, so only one of the two runs at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
local_dir=.local
pid_file=$local_dir/node.pid
node=node_modules/.bin/node

running() { [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }

case "${1:-}" in
  up)
    if running; then echo "node already running (pid $(cat "$pid_file")); kubeconfig: $local_dir/kubeconfig"; exit 0; fi
    if [ -f "$local_dir/cluster.pid" ] && kill -0 "$(cat "$local_dir/cluster.pid")" 2>/dev/null; then
      echo "make cluster-up's control plane is running and owns $local_dir/kubeconfig: run make cluster-down first"; exit 1
    fi
    mkdir -p "$local_dir"
    bash test/tools/build-binaries.sh node >/dev/null
    rm -f "$local_dir/node.ready"
    start=$(date +%s%N)
    nohup "$node" --import ./scripts/ts-hooks.js test/harness/node/node-main.ts "$local_dir" >"$local_dir/node.log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 3000); do
      if [ -f "$local_dir/node.ready" ]; then
        tail -n 1 "$local_dir/node.log"
        ms=$(( ($(date +%s%N) - start) / 1000000 ))
        printf 'make node-up took %d.%d s\n' $((ms / 1000)) $((ms % 1000 / 100))
        echo "  kubeconfig: $local_dir/kubeconfig    tools: $local_dir/bin/{kubectl,helm}"
        echo "  try: $local_dir/bin/kubectl --kubeconfig $local_dir/kubeconfig get nodes -o wide"
        exit 0
      fi
      if ! running; then echo "the node failed to start:"; tail -n 30 "$local_dir/node.log"; exit 1; fi
      sleep 0.1
    done
    echo "the node did not become ready in 300 s"; tail -n 30 "$local_dir/node.log"; exit 1
    ;;
  down)
    if ! running; then echo "node not running"; rm -f "$pid_file"; else
      pid=$(cat "$pid_file")
      kill -TERM "$pid"
      for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      if kill -0 "$pid" 2>/dev/null; then echo "node did not stop in 60 s; killing"; kill -KILL "$pid"; fi
      rm -f "$pid_file"
      echo "node stopped"
    fi
    # Whatever a killed run left behind (processes, namespaces, cgroups) goes too.
    "$node" --import ./scripts/ts-hooks.js test/harness/node/sweep-main.ts
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
