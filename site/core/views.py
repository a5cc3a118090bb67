"""Health endpoints for load balancers and orchestrators."""

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from . import jobs
from .replicas import replica_answers, replica_configured


@never_cache
def healthz(request):
    """Liveness: the process answers. Touches nothing else."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: the database and the cache both answer. A read replica
    is reported too, but its absence leaves the server ready."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        checks["database"] = f"error: {error.__class__.__name__}"
    try:
        cache.set("readyz", "1", 5)
        checks["cache"] = "ok" if cache.get("readyz") == "1" else "error: no round trip"
    except Exception as error:  # noqa: BLE001
        checks["cache"] = f"error: {error.__class__.__name__}"
    ready = all(v == "ok" for v in checks.values())
    if replica_configured():
        # Reported, but no reason to leave the pool: without the replica,
        # public reads use the primary.
        checks["replica"] = "ok" if replica_answers() else "unreachable"
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", **checks},
        status=200 if ready else 503,
    )


@never_cache
def jobs_health(request):
    """For monitoring: 503 while any scheduled job needs attention (failed
    last time, or no success within its interval), naming each job's state
    and last success. The errors themselves are for administrators only
    (their dashboard): they can name hosts and paths."""
    states = jobs.states()
    attention = any(state.needs_attention for state in states)
    return JsonResponse(
        {
            "status": "attention" if attention else "ok",
            "jobs": {
                state.name: {
                    "state": state.state,
                    "last_success": state.record.last_succeeded.isoformat()
                    if state.record and state.record.last_succeeded
                    else None,
                    "within_seconds": int(state.within.total_seconds()),
                }
                for state in states
            },
        },
        status=503 if attention else 200,
    )
