"""Faults under load, for scripts/loadtest.sh (issue 21).

Drives the load test's request mix (70% pages, 15% calendar views, 10% feeds,
5% conditional feed requests, from the URL tables in urls.lua) against
gunicorn with THREADS keep-alive connections, and meanwhile:

  at 10 s  HUP to gunicorn's master: every worker is replaced, gracefully;
  at 20 s  Redis stopped (`redis-cli shutdown nosave`);
  at 30 s  Redis started again;
  at 42 s  the end.

Every request is recorded (start, seconds, status or error). For each fault,
what must hold: no request fails except those cut in flight (a response
cut off or a refused connection at the moment of the fault; a 5xx is a
failure), and the mix recovers within seconds: the seconds from the fault
until every later one-second bucket of that phase has no failure and a
median within 2x the median before any fault (a single slow request, such
as a feed built again once Redis is back empty, is shown as the maximum).
Prints one line per phase and exits non-zero when a fault does not hold.

    python scripts/loadtest_faults.py URLS_LUA PORT GUNICORN_PID REDIS_PORT
"""

import http.client
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

THREADS = int(os.environ.get("LOADTEST_FAULT_THREADS", "8"))
TIMELINE = (
    (10.0, "gunicorn HUP (all workers replaced)"),
    (20.0, "Redis stopped"),
    (30.0, "Redis started again"),
)
END = 42.0
# A request is "cut in flight" if it was under way within this many seconds
# of the fault (the socket closed under it).
IN_FLIGHT = 1.0
# "Within seconds": Redis comes back empty, so the first request for each
# feed after it builds the feed again (a second or more at 10,000 events).
RECOVERY_LIMIT = 10.0  # seconds


def out(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def url_tables(path: str) -> dict:
    text = Path(path).read_text()
    tables = {}
    for name in ("pages", "calendar", "feeds"):
        block = re.search(rf"^{name} = \{{(.*?)^\}}", text, re.S | re.M).group(1)
        tables[name] = re.findall(r'"([^"]+)"', block)
    tables["feed_path"] = re.search(r"^feed_path = '([^']*)'", text, re.M).group(1)
    tables["feed_etag"] = re.search(r"^feed_etag = '([^']*)'", text, re.M).group(1)
    return tables


def pick(tables, rng) -> tuple[str, dict]:
    roll = rng.randint(1, 100)
    if roll <= 70:
        return rng.choice(tables["pages"]), {}
    if roll <= 85:
        return rng.choice(tables["calendar"]), {}
    if roll <= 95:
        return rng.choice(tables["feeds"]), {}
    return tables["feed_path"], {"If-None-Match": tables["feed_etag"]}


def worker(number, port, tables, started, stop, records):
    rng = random.Random(1000 + number)  # noqa: S311 - a reproducible mix, no secret
    connection = None
    while not stop.is_set():
        path, headers = pick(tables, rng)
        begin = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = connection.getresponse()
            response.read()
            outcome = response.status
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as error:
            outcome = type(error).__name__
            if connection is not None:
                connection.close()
            connection = None
        records.append((begin - started, time.monotonic() - begin, outcome, path))


def failed(outcome) -> bool:
    return not isinstance(outcome, int) or outcome >= 500


def p95(values) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        if ordered
        else 0.0
    )


def main(urls, port, gunicorn_pid, redis_port):
    tables = url_tables(urls)
    port, gunicorn_pid = int(port), int(gunicorn_pid)
    records, stop = [], threading.Event()
    started = time.monotonic()
    threads = [
        threading.Thread(target=worker, args=(n, port, tables, started, stop, records))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    actions = {
        TIMELINE[0][1]: lambda: os.kill(gunicorn_pid, signal.SIGHUP),
        TIMELINE[1][1]: lambda: subprocess.run(  # noqa: S603 - fixed arguments
            [shutil.which("redis-cli"), "-p", redis_port, "shutdown", "nosave"],
            capture_output=True,
            check=False,
        ),
        TIMELINE[2][1]: lambda: subprocess.run(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server"),
                "--port",
                redis_port,
                "--bind",
                "127.0.0.1",
                "--daemonize",
                "yes",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            capture_output=True,
            check=True,
        ),
    }
    for at, name in TIMELINE:
        time.sleep(max(0.0, at - (time.monotonic() - started)))
        actions[name]()
    time.sleep(max(0.0, END - (time.monotonic() - started)))
    stop.set()
    for thread in threads:
        thread.join()
    return report(records)


def report(records) -> int:
    before = [r for r in records if r[0] < TIMELINE[0][0]]
    base_p95 = p95([r[1] for r in before])
    base_median = statistics.median(r[1] for r in before)
    out(
        f"faults under load: {len(records)} requests in {END:.0f} s, {THREADS} connections; "
        f"before any fault {len(before) / TIMELINE[0][0]:.0f} req/s, median "
        f"{base_median * 1000:.0f} ms, p95 {base_p95 * 1000:.0f} ms, "
        f"{sum(failed(r[2]) for r in before)} failed"
    )
    broken = 0
    bounds = [*TIMELINE, (END, "end")]
    for (at, name), (until, _next) in zip(TIMELINE, bounds[1:], strict=True):
        phase = [r for r in records if at <= r[0] + r[1] and r[0] < until]
        failures = [r for r in phase if failed(r[2])]
        cut = [
            r for r in failures if r[0] < at + IN_FLIGHT and not isinstance(r[2], int)
        ]
        other = [r for r in failures if r not in cut]
        # Back to normal: from then on, each second of the phase has no
        # failure and a median within 2x the median before any fault (a
        # single slow request, such as a feed built again after Redis came
        # back empty, does not count; it is shown as the maximum).
        buckets = {}
        for r in phase:
            if r[0] + r[1] < until:
                buckets.setdefault(int(r[0] + r[1]), []).append(r)
        recovered = at
        for second in sorted(buckets):
            rows = buckets[second]
            slow = statistics.median(r[1] for r in rows) > 2 * base_median
            if slow or any(failed(r[2]) for r in rows):
                recovered = second + 1
        recovery = max(0.0, recovered - at)
        rps = len(phase) / (until - at)
        holds = not other and recovery <= RECOVERY_LIMIT
        broken += not holds
        kinds = sorted({str(r[2]) for r in failures})
        slowest = max((r for r in phase), key=lambda r: r[1], default=None)
        out(
            f"  [{'holds' if holds else 'BROKEN'}] {name}: {len(phase)} requests "
            f"({rps:.0f} req/s), {len(cut)} cut in flight, {len(other)} failed otherwise"
            f"{' (' + ', '.join(kinds) + ')' if kinds else ''}; "
            f"median {statistics.median(r[1] for r in phase) * 1000:.0f} ms, "
            f"p95 {p95([r[1] for r in phase]) * 1000:.0f} ms, "
            f"max {slowest[1] * 1000:.0f} ms ({slowest[3]}); "
            f"back to normal after {recovery:.0f} s"
        )
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
