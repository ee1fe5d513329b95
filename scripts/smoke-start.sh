#!/usr/bin/env bash
# The quick start's first command, timed: from `npm start` to the first 200 from /__mock/health.
# `npm start` bundles the CLI from the sources every time, so a dist/ left by a build changes
# nothing. The target is about 2 s on 2 cores. A CI machine busy with other work adds seconds of
# noise, so this takes the better of two starts and fails above START_LIMIT_MS (default 5000),
# which still catches a return of the full tsc build before start (8 to 25 s here).
set -euo pipefail
cd "$(dirname "$0")/.."
limit="${START_LIMIT_MS:-5000}"
log="$(mktemp)"
pid=
trap 'if [ -n "$pid" ]; then kill -TERM -- "-$pid" 2>/dev/null || true; fi; rm -f "$log"' EXIT

# Prints the milliseconds from `npm start` to the first answer, or fails after 15 s.
start_once() {
  local port started ms
  port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
  started=$(date +%s%N)
  GIGS_MOCK_PORT="$port" GIGS_MOCK_LOG_LEVEL=silent setsid npm start >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 750); do
    if curl -sf "http://127.0.0.1:$port/__mock/health" >/dev/null; then
      ms=$(( ($(date +%s%N) - started) / 1000000 ))
      kill -TERM -- "-$pid"; wait "$pid" || true; pid=
      echo "$ms"
      return 0
    fi
    sleep 0.02
  done
  echo "npm start did not answer within 15 s:" >&2; cat "$log" >&2
  return 1
}

first=$(start_once)
second=$(start_once)
best=$(( first < second ? first : second ))
echo "npm start answered /__mock/health after $first ms, then $second ms (best $best ms, limit $limit ms)"
[ "$best" -le "$limit" ]
