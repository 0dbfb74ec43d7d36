#!/usr/bin/env bash
# Builds Nucleus, starts `nucleus dev` (a master and an agent in one process, with the
# default modules) in the background, runs a sample task on it with `nucleus execute`, prints
# the task's output from its sandbox, and returns with the cluster still running.
set -euo pipefail
cd "$(dirname "$0")/.."
packaging/build.sh nucleus_with_modules

work_dir=${NUCLEUS_WORK_DIR:-/tmp/nucleus-dev}
mkdir -p "$work_dir"
pid_file="$work_dir/nucleus.pid"
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "Stopping the cluster started earlier (pid $(cat "$pid_file"))"
  kill "$(cat "$pid_file")"
  for _ in $(seq 50); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
fi

setsid nohup build/bin/nucleus dev --work_dir="$work_dir" \
  >"$work_dir/nucleus.log" 2>&1 </dev/null &
echo $! >"$pid_file"

for _ in $(seq 100); do
  curl -sf http://127.0.0.1:5050/health >/dev/null 2>&1 && break
  kill -0 "$(cat "$pid_file")" 2>/dev/null || { cat "$work_dir/nucleus.log"; exit 1; }
  sleep 0.1
done

echo "nucleus dev is running (master on :5050, agent on :5051). curl localhost:5050/version:"
curl -s http://127.0.0.1:5050/version
echo
echo

# A sample task, as mesos-execute would launch it; its status updates print as they arrive.
task="hello-$(date +%s)"
echo "$ nucleus execute --master=127.0.0.1:5050 --name=$task --command=..."
build/bin/nucleus execute --master=127.0.0.1:5050 --name="$task" --resources='cpus:0.1;mem:32' \
  --command='echo "Hello from Nucleus: task $MESOS_EXECUTOR_ID ran on $(hostname) in $MESOS_SANDBOX"'
echo
# The command executor's sandbox: <agent work dir>/slaves/<agent>/frameworks/<fw>/executors/<task>/runs/<container>.
stdout_file=$(ls -t "$work_dir"/agent/slaves/*/frameworks/*/executors/"$task"/runs/*/stdout | head -1)
echo "The task's output ($stdout_file):"
cat "$stdout_file"
echo
echo "Log: $work_dir/nucleus.log"
echo "Stop the cluster with: kill \$(cat $pid_file)"
