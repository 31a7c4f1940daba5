#!/usr/bin/env bash
# Production start smoke test, as docs/operations.md describes it: the built API run with plain node
# (NODE_BIN, e.g. Node 24 LTS) on a fresh PostgreSQL database and a separate storage server; migrations
# from the built output, the first administrator created by the CLI, `start:prod`, readiness, a sign-in
# over HTTP, and a graceful stop. Needs `npm run build:api` first and DATABASE_URL naming a server where
# it may create a database.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_BIN="${NODE_BIN:-node}"
SERVER_URL="${DATABASE_URL:?DATABASE_URL must name a PostgreSQL server}"
DB="portico_smoke_$$"
WORK="$(mktemp -d)"
PORT="${SMOKE_PORT:-39870}"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  psql "$SERVER_URL" -qc "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "smoke: $("$NODE_BIN" --version)"
psql "$SERVER_URL" -qc "CREATE DATABASE \"$DB\""
export DATABASE_URL="${SERVER_URL%/*}/$DB"

# Storage: the embedded S3-compatible server from the build, in a process of its own.
"$NODE_BIN" -e "
  require('./dist/api/apps/api/src/embedded/embedded-s3.js')
    .startEmbeddedS3(process.argv[1], 'portico', Number(process.argv[2]))
    .then((s) => console.log('storage at ' + s.endpoint));
" "$WORK" "$((PORT + 1))" &
PIDS+=($!)

export NODE_ENV=production PORT HOST=127.0.0.1 PUBLIC_URL=https://portico.test S3_ENDPOINT="http://127.0.0.1:$((PORT + 1))"
export S3_BUCKET=portico LOG_LEVEL=warn
printf '%s' "$(openssl rand -hex 32)" > "$WORK/jwt"
export JWT_SECRET_FILE="$WORK/jwt"

PATH="$(dirname "$("$NODE_BIN" -p process.execPath)"):$PATH"
npm run --silent migration:run
printf '%s\n' 'smoke test admin password 24' | npm run --silent admin -- create --email ops@example.com --name "Olga Ops"

npm run --silent start:prod &
PIDS+=($!)
API_PID=$!
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$PORT/api/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$PORT/api/health/ready"
echo
curl -fsS -X POST -H 'content-type: application/json' \
  -d '{"email":"ops@example.com","password":"smoke test admin password 24"}' \
  "http://127.0.0.1:$PORT/api/v1/auth/login" | grep -q accessToken
echo "smoke: the administrator signed in"

kill -TERM "$API_PID"
wait "$API_PID"
echo "smoke: stopped gracefully (exit 0)"
