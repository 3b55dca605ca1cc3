#!/usr/bin/env bash
# make cluster-up / cluster-down: a local control plane in the background, state under .local/
# (TNC_LOCAL_DIR moves it).
set -euo pipefail
cd "$(dirname "$0")/.."
local_dir=${TNC_LOCAL_DIR:-.local}
pid_file=$local_dir/cluster.pid
node=node_modules/.bin/node

# Running: the recorded pid is alive and still the control plane (a pid of a process long gone
# may belong to another program by now).
running() { [ -f "$pid_file" ] && ps -o args= -p "$(cat "$pid_file")" 2>/dev/null | grep -q test/harness/cluster-main.ts; }

case "${1:-}" in
  up)
    if running; then echo "control plane already running (pid $(cat "$pid_file")); kubeconfig: $local_dir/kubeconfig"; exit 0; fi
    mkdir -p "$local_dir"
    bash test/tools/build-binaries.sh >/dev/null
    rm -f "$local_dir/cluster.ready"
    nohup "$node" --import ./scripts/ts-hooks.js test/harness/cluster-main.ts "$local_dir" >"$local_dir/cluster.log" 2>&1 &
    echo $! >"$pid_file"
    for _ in $(seq 1 1200); do
      if [ -f "$local_dir/cluster.ready" ]; then
        echo "control plane up at $(cat "$local_dir/cluster.ready") (pid $(cat "$pid_file"))"
        echo "  kubeconfig: $local_dir/kubeconfig    tools: $local_dir/bin/{kubectl,helm}"
        echo "  try: $local_dir/bin/kubectl --kubeconfig $local_dir/kubeconfig get --raw /version"
        exit 0
      fi
      if ! running; then echo "control plane failed to start:"; tail -n 30 "$local_dir/cluster.log"; exit 1; fi
      sleep 0.1
    done
    echo "control plane did not become ready in 120 s"; tail -n 30 "$local_dir/cluster.log"; exit 1
    ;;
  down)
    if ! running; then echo "control plane not running"; rm -f "$pid_file"; exit 0; fi
    pid=$(cat "$pid_file")
    kill -TERM "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then echo "control plane did not stop in 30 s; killing"; kill -KILL "$pid"; fi
    rm -f "$pid_file"
    echo "control plane stopped"
    ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
