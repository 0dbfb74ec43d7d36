#!/usr/bin/env bash
# Runs the benchmarks and prints their figures and ratios, all measured in this one run.
# Usage: tests/bench/run.sh [BUILD_DIR]   (default: build; built first if missing)
set -euo pipefail
cd "$(dirname "$0")/../.."
packaging/install-deps.sh --bench >/dev/null
build=${1:-build}
[ -x "$build/bin/nucleus" ] && [ -x "$build/tests/bench/bench_actor_throughput" ] || packaging/build.sh
build=$(cd "$build" && pwd)

scratch=$(mktemp -d /tmp/nucleus-bench.XXXXXX)
pids=()
# Executors run in their own sessions (they outlive an agent), so they are found by their
# sandbox, which is under $scratch.
kill_sandboxed() {
  for proc in /proc/[0-9]*; do
    case "$(readlink "$proc/cwd" 2>/dev/null)" in "$scratch"/*) kill -9 "${proc#/proc/}" 2>/dev/null || true ;; esac
  done
}
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill_sandboxed
  [ -f "$scratch/nginx.pid" ] && kill "$(cat "$scratch/nginx.pid")" 2>/dev/null || true
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$scratch"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() { for _ in $(seq 100); do curl -sf "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }
wrk_rps() { wrk -t2 -c64 -d"${BENCH_SECONDS:-10}"s "$1" | awk '/Requests\/sec/ {print $2}'; }

echo "== Actor message throughput (one actor, one producer; best of 3)"
"$build/tests/bench/bench_actor_throughput"
echo

echo "== GET /health over keep-alive: wrk, 2 threads, 64 connections, ${BENCH_SECONDS:-10}s each"
nucleus_port=$(free_port)
"$build/bin/nucleus" master --ip=127.0.0.1 --port="$nucleus_port" \
  --work_dir="$scratch/master" >"$scratch/master.log" 2>&1 &
pids+=($!)
wait_http "http://127.0.0.1:$nucleus_port/health"

nginx_port=$(free_port)
mkdir -p "$scratch/www" && printf 'OK' >"$scratch/www/health"
cat >"$scratch/nginx.conf" <<CONF
worker_processes auto;
daemon on;
user root;
pid $scratch/nginx.pid;
error_log $scratch/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $scratch/nginx-body;
  proxy_temp_path $scratch/nginx-proxy;
  fastcgi_temp_path $scratch/nginx-fastcgi;
  uwsgi_temp_path $scratch/nginx-uwsgi;
  scgi_temp_path $scratch/nginx-scgi;
  server { listen 127.0.0.1:$nginx_port; root $scratch/www; }
}
CONF
nginx -c "$scratch/nginx.conf"
wait_http "http://127.0.0.1:$nginx_port/health"

nucleus_rps=$(wrk_rps "http://127.0.0.1:$nucleus_port/health")
nginx_rps=$(wrk_rps "http://127.0.0.1:$nginx_port/health")
printf 'nucleus /health requests/s:         %12.0f\n' "$nucleus_rps"
printf 'nginx 2-byte static file requests/s: %11.0f\n' "$nginx_rps"
awk -v a="$nucleus_rps" -v b="$nginx_rps" 'BEGIN { printf "ratio nucleus / nginx:              %12.2f\n", a / b }'
echo

echo "== RecordIO stream: 100,000 small events, server to client, latency"
"$build/tests/bench/bench_recordio_stream"
echo

echo "== Scheduler path: a real master, simulated agents answering TASK_RUNNING at once"
path_port=$(free_port)
"$build/bin/nucleus" master --ip=127.0.0.1 --port="$path_port" --work_dir="$scratch/path-master" \
  >"$scratch/path-master.log" 2>&1 &
path_pid=$!
pids+=($path_pid)
wait_http "http://127.0.0.1:$path_port/health"
"$build/tests/bench/bench_scheduler_path" --master="127.0.0.1:$path_port" --agents=10 \
  --tasks="${BENCH_PATH_TASKS:-20000}"
kill "$path_pid" 2>/dev/null || true
echo

echo "== Task launches: nucleus dev, ${BENCH_TASKS:-2000} command tasks (sleep 30), ACCEPT -> TASK_RUNNING"
dev_port=$(free_port)
dev_agent_port=$(free_port)
"$build/bin/nucleus" dev --ip=127.0.0.1 --port="$dev_port" --agent_port="$dev_agent_port" \
  --work_dir="$scratch/dev" --resources="cpus:64;mem:65536;disk:65536;ports:[31000-32000]" \
  >"$scratch/dev.log" 2>&1 &
dev_pid=$!
pids+=($dev_pid)
wait_http "http://127.0.0.1:$dev_port/health"
"$build/tests/bench/bench_task_launch" --master="127.0.0.1:$dev_port" --tasks="${BENCH_TASKS:-2000}" \
  --command="sleep 30"
kill "$dev_pid" 2>/dev/null || true
kill_sandboxed
echo

echo "== Allocation rounds: hierarchical DRF allocator, Mesos' DeclineOffers shape"
"$build/tests/bench/bench_allocation"
