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
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
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
