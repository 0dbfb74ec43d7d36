#!/bin/sh
# Checks the project's .proto files against Mesos 1.5's v1 wire facts with the shared checker.
# Usage: wire_compat.sh PROJECT_SOURCE_DIR. Exits 77 (ctest SKIP) when the checker is absent.
project="$1"
checker="$project/../shared/tools/check-wire-compat.py"
if [ ! -f "$checker" ]; then
  echo "wire_compat: SKIPPED: the shared checker $checker is not present (it lives beside the repo)"
  exit 77
fi
if [ ! -x /usr/bin/python3 ]; then
  echo "wire_compat: SKIPPED: /usr/bin/python3 is missing (packaging/install-deps.sh installs it)"
  exit 77
fi
output=$(/usr/bin/python3 "$checker" "$project" 2>&1)
status=$?
printf '%s\n' "$output"
if [ "$status" -eq 0 ] && printf '%s\n' "$output" | grep -q ', 0 mismatches'; then
  exit 0
fi
echo "wire_compat: FAILED: the .proto files differ from Mesos 1.5's wire facts (see above)"
exit 1
