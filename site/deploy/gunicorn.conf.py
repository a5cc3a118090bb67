"""gunicorn settings for Agenda Lampung.

Run from the repository root:
    gunicorn -c site/deploy/gunicorn.conf.py config.wsgi

Every value can be overridden from the environment (GUNICORN_*), so one file
serves a 2-core app server and a bigger one alike.
"""

import os
import sys
from pathlib import Path

# `site/` holds the `config` and `core` packages (see STYLE.md: it is no package).
# Put on the path here, not with `pythonpath`, which gunicorn applies only after
# `--check-config` has tried to load the application.
SITE_DIR = str(Path(__file__).resolve().parents[1])
if SITE_DIR not in sys.path:
    sys.path.insert(0, SITE_DIR)
chdir = str(Path(__file__).resolve().parents[2])
wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers: requests are short (database and cache reads, no
# long polling), so one process per request is simplest and predictable.
# Two per core plus one suits a request mix waiting mostly on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", str((os.cpu_count() or 1) * 2 + 1)))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5

# Recycle workers now and then so a slow leak can never grow without bound.
# A wide jitter (half the limit) keeps them from restarting together: in the
# load test, with a 10% jitter both workers restarted within one second and
# the site answered nothing for several seconds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 2

# Load the application once in the master, then fork: workers share the
# imported code's memory pages and start instantly.
preload_app = True

# The load balancer or nginx in front terminates TLS and sets these headers.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Request time in microseconds (%(D)s) for latency checks from the logs.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus "%(a)s"'


def post_fork(server, worker):
    """Each worker opens its own database connections: close the ones the
    master may have opened while preloading, so no socket is shared."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
