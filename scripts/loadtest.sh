#!/usr/bin/env bash
# Load test behind `make loadtest` (not part of `make test`: it takes minutes).
#
# gunicorn with 2 workers (site/deploy/gunicorn.conf.py) and the production
# settings on PostgreSQL and Redis, seeded with the demo province plus 10,000
# events, driven by wrk with the request mix of scripts/loadtest.lua:
# 70% pages, 15% calendar views, 10% feeds, 5% conditional feed requests.
# Runs, each bounded in time: the mix against gunicorn (pages uncached), the
# warm province feed, a static file from the same gunicorn (the reference),
# and, with nginx installed, the same mix and file through nginx's proxy cache
# configured as in site/deploy/nginx.conf. Loopback only (127.0.0.1).
#
# Settings (environment): LOADTEST_EVENTS (10000), LOADTEST_DURATION (20s),
# LOADTEST_CONNECTIONS (16), LOADTEST_DB (agenda_loadtest, dropped and
# re-created when LOADTEST_RESEED=1 or when it holds no events),
# LOADTEST_NGINX (1: also run through nginx). Installs wrk and nginx with
# apt-get when missing (root only).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"
EVENTS=${LOADTEST_EVENTS:-10000}
DURATION=${LOADTEST_DURATION:-20s}
CONNECTIONS=${LOADTEST_CONNECTIONS:-16}
DB=${LOADTEST_DB:-agenda_loadtest}
PORT=${LOADTEST_PORT:-8765}
NGINX_PORT=$((PORT + 1))
OUT="$ROOT/artifacts/loadtest"
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*"; }

need() {
  command -v "$1" >/dev/null && return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing $2 (apt-get)"
    apt-get install -y -q "${@:2}" >"$OUT/apt.log" 2>&1 || {
      apt-get update -q >>"$OUT/apt.log" 2>&1
      apt-get install -y -q "${@:2}" >>"$OUT/apt.log" 2>&1
    }
  fi
  command -v "$1" >/dev/null || { echo "loadtest: $1 is missing (apt-get install $2)" >&2; return 1; }
}

need wrk wrk
USE_NGINX=${LOADTEST_NGINX:-1}
if [[ $USE_NGINX == 1 ]]; then
  need nginx nginx-light || USE_NGINX=0
fi

export DJANGO_SETTINGS_MODULE=config.settings.production
export SECRET_KEY="loadtest-$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')"
export ALLOWED_HOSTS=127.0.0.1,localhost
export SITE_URL=https://127.0.0.1
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
# A Redis of its own, so the fault run can stop and start it.
REDIS_PORT=${LOADTEST_REDIS_PORT:-$((PORT + 10))}
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SECURE_SSL_REDIRECT=false
export LOG_LEVEL=WARNING
export PYTHONPATH="$ROOT/site"
PSQL=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

say "redis-server on 127.0.0.1:$REDIS_PORT"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize yes --save "" --appendonly no \
  --logfile "$OUT/redis.log"
GUNICORN=""
NGINX_PID=""
SAMPLER=""
cleanup() {
  [[ -n $SAMPLER ]] && kill "$SAMPLER" 2>/dev/null || true
  [[ -n $NGINX_PID ]] && kill "$NGINX_PID" 2>/dev/null || true
  [[ -n $GUNICORN ]] && kill "$GUNICORN" 2>/dev/null || true
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

say "database $DB with $EVENTS events"
have=$("${PSQL[@]}" -d "$DB" -tAc "select count(*) from events_eventpage" 2>/dev/null || echo 0)
if [[ ${LOADTEST_RESEED:-0} == 1 || $have -lt $EVENTS ]]; then
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  "$BIN/python" manage.py migrate --noinput -v0
  SECONDS=0
  "$BIN/python" manage.py load_demo --events "$EVENTS" >"$OUT/seed.log"
  echo "seeded the demo province + $EVENTS events in $SECONDS s"
else
  echo "reusing it ($have events; LOADTEST_RESEED=1 to rebuild)"
fi
# Fresh statistics after the bulk insert: without them PostgreSQL's planner
# takes the occurrence tables for empty and picks plans 10-100x slower.
"${PSQL[@]}" -d "$DB" -c "ANALYZE"
"$BIN/python" manage.py collectstatic --noinput -v0
"$BIN/python" manage.py shell -c "from django.core.cache import cache; cache.clear()"

say "URL tables, every URL rendered once (image renditions made before the runs)"
"$BIN/python" scripts/loadtest_urls.py --warm >"$OUT/urls.lua"
grep -c '"/' "$OUT/urls.lua" | xargs printf '%s URLs\n'

say "gunicorn, 2 workers, on 127.0.0.1:$PORT"
GUNICORN_WORKERS=2 GUNICORN_BIND="127.0.0.1:$PORT" GUNICORN_ACCESS_LOG=/dev/null \
  "$BIN/gunicorn" -c site/deploy/gunicorn.conf.py >"$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
for _ in $(seq 60); do
  curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/readyz"; echo

# Worker memory (RSS of gunicorn's children), sampled every half second.
: >"$OUT/rss.log"
(while kill -0 "$GUNICORN" 2>/dev/null; do
  ps -o rss= --ppid "$GUNICORN" >>"$OUT/rss.log" || true
  sleep 0.5
done) &
SAMPLER=$!

if [[ $USE_NGINX == 1 ]]; then
  say "nginx proxy cache on 127.0.0.1:$NGINX_PORT (as site/deploy/nginx.conf, without TLS)"
  NGINX_DIR="$OUT/nginx"
  rm -rf "$NGINX_DIR" && mkdir -p "$NGINX_DIR/cache"
  MODULE=$(ls /usr/lib/nginx/modules/ngx_http_cache_purge_module.so 2>/dev/null || true)
  cat >"$NGINX_DIR/nginx.conf" <<EOF
${MODULE:+load_module $MODULE;}
worker_processes 1;
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/error.log warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  client_body_temp_path $NGINX_DIR/tmp; proxy_temp_path $NGINX_DIR/tmp;
  fastcgi_temp_path $NGINX_DIR/tmp; uwsgi_temp_path $NGINX_DIR/tmp; scgi_temp_path $NGINX_DIR/tmp;
  upstream agenda_app { server 127.0.0.1:$PORT; keepalive 32; }
  proxy_cache_path $NGINX_DIR/cache levels=1:2 keys_zone=agenda:50m max_size=1g inactive=1h use_temp_path=off;
  map \$cookie_sessionid \$agenda_no_cache { default 1; "" 0; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location /static/ { alias $ROOT/staticfiles/; gzip_static on; expires 1y; }
    location / {
      proxy_pass http://agenda_app;
      proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_cache agenda; proxy_cache_key \$scheme\$host\$request_uri;
      proxy_cache_bypass \$agenda_no_cache; proxy_no_cache \$agenda_no_cache;
      proxy_ignore_headers Vary; proxy_cache_lock on;
      proxy_cache_use_stale error timeout updating; proxy_cache_background_update on;
      proxy_cache_revalidate on;
      add_header X-Cache \$upstream_cache_status always;
    }
  }
}
EOF
  mkdir -p "$NGINX_DIR/tmp"
  nginx -c "$NGINX_DIR/nginx.conf" -e "$NGINX_DIR/error.log" &
  NGINX_PID=$!
  sleep 1
fi

# One pass over every URL through gunicorn: the feed cache (Redis) warm,
# templates compiled in each worker.
"$BIN/python" - "$OUT/urls.lua" "$PORT" <<'EOF'
import re, sys, urllib.request
paths = set(re.findall(r'"(/[^"]*)"', open(sys.argv[1]).read()))
for path in sorted(paths):
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}{path}", timeout=60) as r:
        r.read()
print(f"warmed {len(paths)} URLs")
EOF

run() {  # run NAME MODE PORT
  local line
  line=$(LOADTEST_MODE=$2 LOADTEST_URLS="$OUT/urls.lua" \
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s -s scripts/loadtest.lua \
    "http://127.0.0.1:$3" | grep '^RESULT')
  echo "$1 ${line#RESULT }" | tee -a "$OUT/results.txt"
  # Let the server finish what wrk left queued before the next run starts.
  curl -fs --max-time 120 "http://127.0.0.1:$3/healthz" >/dev/null || true
}

: >"$OUT/results.txt"
say "runs: $DURATION each, $CONNECTIONS connections, 2 wrk threads (load: $(cut -d' ' -f1-3 /proc/loadavg))"
run "static-file-gunicorn" static "$PORT"
run "mix-gunicorn" mix "$PORT"
run "feed-warm-gunicorn" feed "$PORT"
run "feed-copy-gunicorn" feedcopy "$PORT"
if [[ $USE_NGINX == 1 ]]; then
  run "static-file-nginx" static "$NGINX_PORT"
  run "feed-copy-nginx" feedcopy "$NGINX_PORT"
  # Fill nginx's cache once, as visitors would have before a busy hour.
  "$BIN/python" - "$OUT/urls.lua" "$NGINX_PORT" <<'EOF'
import re, sys, urllib.request
paths = set(re.findall(r'"(/[^"]*)"', open(sys.argv[1]).read()))
for path in sorted(paths):
    with urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[2]}{path}", timeout=60) as r:
        r.read()
EOF
  run "mix-nginx-cache" mix "$NGINX_PORT"
  run "feed-nginx-cache" feed "$NGINX_PORT"
fi

say "faults under load: gunicorn HUP, Redis stopped and started (scripts/loadtest_faults.py)"
faults_rc=0
"$BIN/python" scripts/loadtest_faults.py "$OUT/urls.lua" "$PORT" "$GUNICORN" "$REDIS_PORT" \
  | tee "$OUT/faults.txt" || faults_rc=$?

kill "$SAMPLER" 2>/dev/null || true
SAMPLER=""
max_kb=$(sort -n "$OUT/rss.log" | tail -1)
say "summary"
summary_rc=0
"$BIN/python" - "$OUT/results.txt" "$max_kb" <<'EOF' || summary_rc=$?
import sys
rows = []
for line in open(sys.argv[1]):
    name, *pairs = line.split()
    rows.append((name, dict(p.split("=") for p in pairs)))
print(f"{'run':22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'304':>6}")
for name, r in rows:
    errors = int(r["http_errors"]) + int(r["socket_errors"])
    print(f"{name:22} {float(r['rps']):8.1f} {float(r['p50_ms']):8.1f} "
          f"{float(r['p95_ms']):8.1f} {float(r['p99_ms']):8.1f} {errors:7d} {r['not_modified']:>6}")
by = dict(rows)
worker_mb = int(sys.argv[2] or 0) / 1024
checks = [
    ("worker memory < 300 MB", worker_mb < 300, f"max {worker_mb:.0f} MB"),
    ("0 errors in every run",
     all(int(r["http_errors"]) + int(r["socket_errors"]) == 0 for _n, r in rows), ""),
    # The physical limit for the feed is a static file of its size: a
    # small file's req/s (printed below) is no limit for a response 7 MB long.
    ("warm feed >= 30% of req/s of a static file of the feed's size (gunicorn)",
     float(by["feed-warm-gunicorn"]["rps"]) >= 0.3 * float(by["feed-copy-gunicorn"]["rps"]),
     f"{float(by['feed-warm-gunicorn']['rps']) / float(by['feed-copy-gunicorn']['rps']):.0%}"),
]
if "mix-nginx-cache" in by:
    m = by["mix-nginx-cache"]
    checks.append(("cached mix >= 300 req/s, p95 < 50 ms (nginx)",
                   float(m["rps"]) >= 300 and float(m["p95_ms"]) < 50,
                   f"{float(m['rps']):.0f} req/s, p95 {float(m['p95_ms']):.1f} ms"))
small = float(by["feed-warm-gunicorn"]["rps"]) / float(by["static-file-gunicorn"]["rps"])
print(f"info  warm feed vs a small static file (gunicorn): {small:.0%} of its req/s")
failed = 0
for text, ok, detail in checks:
    failed += not ok
    print(f"{'pass' if ok else 'FAIL'}  {text}  {detail}")
sys.exit(1 if failed else 0)
EOF
exit $((summary_rc || faults_rc))
