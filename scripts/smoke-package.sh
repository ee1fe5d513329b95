#!/usr/bin/env bash
# Packs gigs-mock as npm would publish it and installs the tarball into an empty CommonJS project
# (`npm init -y`) exactly as a user would (`npm install <tarball>`: production dependencies, peers
# resolved by npm). Then: the bin serves the guide's first call; a .cjs file requires the library
# and an .mjs file imports it, each running the guide in-process; TypeScript checks a .cts and an
# .mts consumer against the shipped declarations; `gigs-contract` without vitest prints its hint.
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
npm install --no-audit --no-fund "$work/$tarball" >/dev/null
count=$(node -e "console.log(Object.keys(require('./node_modules/.package-lock.json').packages).length)")
echo "installed: $count packages, $(du -sh node_modules | cut -f1) in node_modules"
if [ -d node_modules/vitest ]; then echo "vitest was installed with the library: it must be an optional peer" >&2; exit 1; fi

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
# /docs serves Swagger UI from the files the package ships (dist/docs-assets; swagger-ui-dist is a dev dependency), and the inspector answers.
for path in /docs /docs/assets/swagger-ui-bundle.js /docs/assets/swagger-ui.css /__mock/ui; do
  bytes=$(curl -sf "http://127.0.0.1:$port$path" | wc -c)
  echo "$path: $bytes bytes"
  [ "$bytes" -gt 500 ]
done
kill -TERM "$pid"; wait "$pid"; pid=

# The library, both ways, from the project `npm init -y` made ("type": "commonjs").
cp "$root"/scripts/package-smoke/* .
node guide.cjs
node guide.mjs

# The MSW adapter (gigs-mock/msw), both ways, once the app installs msw (an optional peer).
npm install --no-audit --no-fund msw@2.15.0 >/dev/null
node msw.cjs
node msw.mjs

# The declarations, both ways, with the repository's TypeScript (the app has none of its own), with
# skipLibCheck off so the shipped .d.ts files are checked too.
node "$root/node_modules/typescript/bin/tsc" --noEmit --strict --module nodenext \
  --moduleResolution nodenext --target es2022 --typeRoots "$root/node_modules/@types" --types node \
  types.cts types.mts
echo "types: a .cts and an .mts consumer type-check"

# The contract kit without vitest: one line saying how to install it, exit 2.
set +e
hint=$(./node_modules/.bin/gigs-contract 2>&1); code=$?
set -e
echo "gigs-contract without vitest: exit $code: $hint"
[ "$code" = 2 ] && [ "$(printf '%s\n' "$hint" | wc -l)" = 1 ] && echo "$hint" | grep -q 'npm install'
echo "package smoke test passed"
