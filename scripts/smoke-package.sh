#!/usr/bin/env bash
# Packs gigs-mock as npm would publish it, installs the tarball with production dependencies only
# into an empty folder, then runs the installed bin and makes the guide's first call against it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'if [ -n "${pid:-}" ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

cd "$root"
npm run build >/dev/null
tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
tar -tzf "$work/$tarball" | sed 's|^package/||' | awk -F/ '{print $1}' | sort -u | tr '\n' ' '; echo

mkdir "$work/app" && cd "$work/app"
npm init -y >/dev/null
npm install --omit=dev --omit=optional --no-audit --no-fund "$work/$tarball" >/dev/null
echo "installed: $(du -sh node_modules | cut -f1) in node_modules"

port=$(node -e "const s=require('net').createServer().listen(0,()=>{console.log(s.address().port);s.close()})")
./node_modules/.bin/gigs-mock --port "$port" --log-level silent > "$work/out.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/__mock/health" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$port/__mock/health"; echo
user=$(curl -sf -X POST "http://127.0.0.1:$port/projects/smoke/users" \
  -H 'Authorization: Bearer smoke' -H 'Content-Type: application/json' \
  -d '{"email":"jerry@example.com","fullName":"Jerry Seinfeld"}')
echo "$user"
echo "$user" | grep -q '"object":"user"'
echo "$user" | grep -q '"emailVerified":false'
node --input-type=module -e "import('gigs-mock').then((m) => { if (typeof m.createSimulator !== 'function') process.exit(1); console.log('library import ok'); })"
kill -TERM "$pid"; wait "$pid"; pid=
echo "package smoke test passed"
