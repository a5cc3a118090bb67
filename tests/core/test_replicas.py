"""The read replica (core/replicas.py): which requests read from it, and what
keeps replication lag and a replica outage from reaching the public.

The `replica` alias of the test settings mirrors the test database (Django's
TEST MIRROR: a second connection to the same database), so these tests see
which connection each query really went through. Transactional tests: the
replica's connection only sees committed rows, as a real replica does.
"""

import time
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connection, connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import Site

from core.models import OrganisationSettings
from core.replicas import REPLICA, UNREACHABLE_KEY, ReplicaMiddleware
from events.models import EventPage
from tests.events.factories import calendar_tree, live_event, publish

ROUTER = "core.replicas.ReplicaRouter"
MIDDLEWARE = "core.replicas.ReplicaMiddleware"


def production_middleware():
    """The middleware order production.py builds with a replica."""
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1, MIDDLEWARE
    )
    return middleware


class QueriesPerConnection:
    """The queries a block of code sent through the primary and the replica."""

    def __enter__(self):
        self.primary = CaptureQueriesContext(connections[DEFAULT_DB_ALIAS])
        self.replica = CaptureQueriesContext(connections[REPLICA])
        self.primary.__enter__()
        self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)


@override_settings(
    DATABASE_ROUTERS=[ROUTER],
    MIDDLEWARE=production_middleware(),
    REPLICA_PIN_SECONDS=1,
    REPLICA_RETRY_SECONDS=30,
)
class ReplicaRoutingTests(TransactionTestCase):
    databases = {DEFAULT_DB_ALIAS, REPLICA}
    # Restores the rows the migrations create (root page, locales, site).
    serialized_rollback = True

    def setUp(self):
        cache.clear()
        self.tree = calendar_tree()
        self.event = live_event(
            self.tree.folders["lampung-barat"], title="Festival Sekala Bekhak"
        )
        # The footer's settings row, as a running site has it.
        OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
        # Publishing pinned public reads to the primary; start unpinned.
        cache.clear()
        self.addCleanup(connections[REPLICA].close)

    def get(self, path, **kwargs):
        with QueriesPerConnection() as queries:
            response = self.client.get(path, **kwargs)
        self.assertEqual(response.status_code, 200, path)
        return response, queries

    def test_an_anonymous_visitors_pages_read_the_replica_only(self):
        """Event page, calendar list and home page: every query of the
        request goes to the replica, none to the primary."""
        for path in (self.event.url, self.tree.calendar.url, "/"):
            with self.subTest(path):
                _response, queries = self.get(path)
                self.assertGreater(len(queries.replica), 0)
                self.assertEqual(
                    len(queries.primary), 0, queries.primary.captured_queries
                )

    def test_a_feed_reads_the_replica_but_the_calendar_version_from_the_primary(self):
        """The version names the cached feeds: read from a lagging replica,
        an old number would name the old feeds again."""
        response, queries = self.get("/events/lampung.ics")
        self.assertIn(b"Festival Sekala Bekhak", response.content)
        self.assertGreater(len(queries.replica), 0)
        primary_tables = [q["sql"] for q in queries.primary.captured_queries]
        self.assertEqual(len(primary_tables), 1, primary_tables)
        self.assertIn("calendarversion", primary_tables[0].lower())

    def test_editors_the_admin_and_posts_read_the_primary(self):
        """Editors must see what they just saved, whatever the page."""
        editor = get_user_model().objects.create_superuser(
            "replica-editor", "replica@example.org", "replica-editor-password"
        )
        anonymous_admin = ("anonymous, admin login", "get", "/admin/login/")
        anonymous_post = ("anonymous, POST", "post", self.tree.calendar.url)
        for label, method, path in (anonymous_admin, anonymous_post):
            with self.subTest(label), QueriesPerConnection() as queries:
                getattr(self.client, method)(path)
            self.assertEqual(len(queries.replica), 0, label)
        self.client.force_login(editor)
        for path in (self.event.url, "/admin/", "/events/lampung.ics"):
            with self.subTest(f"editor, {path}"):
                _response, queries = self.get(path)
                self.assertEqual(len(queries.replica), 0)
                self.assertGreater(len(queries.primary), 0)

    def test_a_published_change_keeps_public_reads_on_the_primary_for_a_while(self):
        """After a publish (when the shared caches are purged) the public
        reads the primary for REPLICA_PIN_SECONDS, so a lagging replica
        cannot put the old page back into the caches; then the replica."""
        page = EventPage.objects.get(pk=self.event.pk)
        page.title = "Festival Sekala Bekhak 2027"
        publish(page)
        response, queries = self.get(self.event.url)
        self.assertContains(response, "Festival Sekala Bekhak 2027")
        self.assertEqual(len(queries.replica), 0)
        time.sleep(1.1)
        _response, queries = self.get(self.event.url)
        self.assertGreater(len(queries.replica), 0)
        self.assertEqual(len(queries.primary), 0, queries.primary.captured_queries)

    def test_an_unreachable_replica_leaves_the_public_on_the_primary(self):
        """A replica that refuses connections: pages still answer, from the
        primary; the refusal is remembered instead of retried per request,
        and /readyz reports it while staying ready."""
        working = connections[REPLICA]
        settings = {**working.settings_dict}
        if working.vendor == "postgresql":
            settings.update(PORT="1", OPTIONS={"connect_timeout": 1})
        else:
            settings["NAME"] = "/nonexistent/agenda/replica.sqlite3"
        connections[REPLICA] = type(working)(settings, REPLICA)
        self.addCleanup(connections.__setitem__, REPLICA, working)
        for _attempt in range(2):
            with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
                response = self.client.get(self.event.url)
            self.assertContains(response, "Festival Sekala Bekhak")
            self.assertGreater(len(primary), 0)
        self.assertIs(cache.get(UNREACHABLE_KEY), True)
        cache.delete(UNREACHABLE_KEY)
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["replica"], "unreachable")

    @skipUnless(connection.vendor == "postgresql", "a server-side disconnect")
    def test_a_replica_that_went_away_since_the_last_request_is_skipped(self):
        """The standby stops between two requests: the kept connection is
        dead and no new one can be opened. The page still answers, from the
        primary (seen with a real standby: HTTP 500 before the health check
        ran ahead of the routing decision)."""
        self.get(self.event.url)
        replica = connections[REPLICA]
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            (pid,) = cursor.fetchone()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        original = dict(replica.settings_dict)
        replica.settings_dict.update(PORT="1", OPTIONS={"connect_timeout": 1})
        self.addCleanup(replica.settings_dict.update, original)
        # What every request's start does (close_old_connections), which the
        # test client leaves out.
        replica.health_check_done = False
        response = self.client.get(self.event.url)
        self.assertContains(response, "Festival Sekala Bekhak")
        self.assertIs(cache.get(UNREACHABLE_KEY), True)

    def test_reads_in_a_transaction_and_all_writes_use_the_primary(self):
        """Inside a public request: a plain read goes to the replica, a read
        inside a transaction to the primary (it may follow a write), and
        saving an object read from the replica writes to the primary."""
        seen = {}

        def view(request):
            seen["read"] = router.db_for_read(EventPage)
            event = EventPage.objects.get(pk=self.event.pk)
            seen["loaded from"] = event._state.db
            with transaction.atomic():
                seen["read in transaction"] = router.db_for_read(EventPage)
            event.summary = "Diperbarui."
            with QueriesPerConnection() as queries:
                event.save(update_fields=["summary"])
            seen["updates"] = {
                alias
                for alias, captured in (
                    (DEFAULT_DB_ALIAS, queries.primary),
                    (REPLICA, queries.replica),
                )
                for query in captured.captured_queries
                if query["sql"].startswith("UPDATE")
            }
            return HttpResponse()

        ReplicaMiddleware(view)(RequestFactory().get("/"))
        self.assertEqual(
            seen,
            {
                "read": REPLICA,
                "loaded from": REPLICA,
                "read in transaction": DEFAULT_DB_ALIAS,
                "updates": {DEFAULT_DB_ALIAS},
            },
        )
        self.assertEqual(router.db_for_read(EventPage), DEFAULT_DB_ALIAS)
        self.assertEqual(EventPage.objects.get(pk=self.event.pk).summary, "Diperbarui.")
