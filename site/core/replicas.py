"""Public reads from a PostgreSQL read replica (`DATABASE_REPLICA_URL`).

Only an anonymous visitor's page or feed request reads from the replica: a
GET or HEAD outside the admin that carries no session cookie. Everything else
uses the primary: editors and the admin (they must see what they just saved),
form posts, management commands and cron jobs, and every read inside a
transaction. Writes always go to the primary.

Two things keep replication lag from reaching the public:

- After a change that caches are told about (a page published, unpublished,
  moved or deleted; the calendar version bumped for the feeds), public reads
  stay on the primary for `REPLICA_PIN_SECONDS`. Without it the request that
  refills nginx or Redis after the purge could read the replica before the
  change arrived there, and the old content would be cached again for the
  whole shared lifetime.
- A replica that does not answer is left alone for `REPLICA_RETRY_SECONDS`:
  public reads fall back to the primary instead of failing.

django-multidb-router was considered: it sends every read to the replica
unless the thread is pinned by a recent write, which would put management
commands and the admin on the replica, and it knows nothing of shared caches.
"""

import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

REPLICA = "replica"
PINNED_KEY = "replicas:primary-pinned"
UNREACHABLE_KEY = "replicas:replica-unreachable"
PRIMARY_PREFIXES = ("/admin/",)

logger = logging.getLogger(__name__)

# The alias this request's reads may use, set by ReplicaMiddleware.
_public_reads = ContextVar("public_reads", default=None)


def replica_configured() -> bool:
    """Whether a replica is in use: the production settings install the
    router when `DATABASE_REPLICA_URL` is set."""
    return f"{__name__}.ReplicaRouter" in settings.DATABASE_ROUTERS


class ReplicaRouter:
    """Reads of a public request go to the replica, all else to the primary."""

    def db_for_read(self, model, **hints):
        alias = _public_reads.get()
        if alias and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return alias
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from either relate.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica copies the primary's schema by replication.
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """Marks an anonymous visitor's GET or HEAD request as one whose reads
    may use the replica (see the module's docstring for the exceptions)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = REPLICA if self.may_read_replica(request) else None
        token = _public_reads.set(alias)
        try:
            return self.get_response(request)
        finally:
            _public_reads.reset(token)

    def may_read_replica(self, request) -> bool:
        if not replica_configured() or request.method not in ("GET", "HEAD"):
            return False
        if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
            return False
        if request.path.startswith(PRIMARY_PREFIXES):
            return False
        flags = cache.get_many([PINNED_KEY, UNREACHABLE_KEY])
        return not flags and replica_answers()


def replica_answers() -> bool:
    """Whether the replica accepts a connection. A refusal is remembered for
    `REPLICA_RETRY_SECONDS`."""
    replica = connections[REPLICA]
    try:
        # As the request's first query would: a kept connection the server
        # has closed is dropped (health check), then one is opened.
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError as error:
        logger.warning("Read replica unreachable, reading the primary: %s", error)
        cache.set(UNREACHABLE_KEY, True, settings.REPLICA_RETRY_SECONDS)
        return False
    return True


def pin_public_reads_to_primary(**kwargs) -> None:
    """Once the current change is committed, public reads use the primary
    for `REPLICA_PIN_SECONDS` (long enough for the replica to replay it).
    Takes signal arguments, so it can be connected to signals directly."""
    if replica_configured():
        transaction.on_commit(
            lambda: cache.set(PINNED_KEY, True, settings.REPLICA_PIN_SECONDS)
        )


def register() -> None:
    """Wagtail purges a page from the shared caches when it is published,
    unpublished, moved or deleted; the next public request must then not
    read an older copy from a lagging replica (from `CoreConfig.ready()`)."""
    # Imported here: the router in this module is loaded with the settings,
    # before Wagtail's models can be.
    from django.db.models.signals import post_delete

    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(pin_public_reads_to_primary, dispatch_uid="replicas")
    post_delete.connect(
        pin_public_reads_to_primary, sender=Page, dispatch_uid="replicas"
    )
