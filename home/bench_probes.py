"""What `bench_events` measures: the real URLs of the views, found in the
seeded database, the logged-in clients of the admin pages, and the floors
the province feed is compared with."""

import os
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connections
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from wagtail.models import Locale

from brands.models import BrandPage
from core.roles import PROVINCIAL_MODERATOR
from events import booklet, feeds, ical
from events.models import EventIndexPage, EventPage, Occurrence

# Text search through the calendar's `?q=` and the site search: a word in a
# few demo events, one in every regency name of Metro's synthetic events (a
# fifteenth of them), and one in every synthetic event's summary.
SEARCH_WORDS = {
    "list ?q=, rare word": ("list", "Krakatau"),
    "list ?q=, common word": ("list", "Metro"),
    "list ?q=, word in every event": ("list", "contoh"),
    "site search, word in every event": ("site", "contoh"),
}
YEAR_VIEW = "year view"
SYNTHETIC_PREFIX = "acara-contoh-"


class Probes:
    """The real URLs of the views measured, found in the seeded database.
    Views not built yet resolve to None and show as "n/a"."""

    def __init__(self):
        self.now = timezone.now()
        self.today = timezone.localdate()
        # The year of the booklet and year view: the coming one, which holds
        # most of the synthetic events (they start from 60 days ago to a year ahead).
        self.year = self.today.year + 1
        locale = Locale.get_default()
        self.calendar = (
            EventIndexPage.objects.live().filter(locale=locale).first().specific
        )
        # The same event (and so the same brand) at every size, so query counts compare.
        self.event = EventPage.objects.get(slug=f"{SYNTHETIC_PREFIX}1")
        self.brand = (
            BrandPage.objects.live()
            .filter(locale=locale, regency=self.event.regency_id)
            .first()
        )
        self.regency = self.event.regency

    def subpage(self, name, *args):
        try:
            return self.calendar.url + self.calendar.reverse_subpage(name, args=args)
        except NoReverseMatch:
            return None

    def page_urls(self):
        calendar_url = self.calendar.url
        yield "month grid", self.subpage("month", self.today.year, self.today.month)
        yield "upcoming list", calendar_url
        yield (
            "filtered list",
            f"{calendar_url}?regency={self.regency.slug}&category=culture&free=on",
        )
        yield "event page", self.event.url
        yield "brand page", self.brand.url if self.brand else None
        yield YEAR_VIEW, self.subpage("year", self.year)
        for view, (where, word) in SEARCH_WORDS.items():
            base = calendar_url if where == "list" else reverse("search")
            yield view, f"{base}?{urlencode({'q': word})}"

    def admin_urls(self):
        """The admin pages editors land on, each with a client logged in as
        the provincial moderator or as the editor of the probe event's regency."""
        moderator = _staff_user(
            "bench.moderator", Group.objects.get(name=PROVINCIAL_MODERATOR.group_name)
        )
        editor = _staff_user("bench.editor", self.regency.editors)
        dashboard = reverse("wagtailadmin_home")
        for view, url, user in (
            ("admin dashboard (moderator)", dashboard, moderator),
            ("admin dashboard (editor)", dashboard, editor),
            ("planning report", reverse("events_planning_report"), moderator),
        ):
            client = Client()
            client.force_login(user)
            yield view, url, client

    def feed_urls(self):
        yield "province feed", _reverse_first(["events:feed", "events:province_feed"])
        yield (
            "regency feed",
            _reverse_first(
                ["events:regency_feed", "events:feed_regency"], self.regency.slug
            ),
        )

    def booklet_builder(self):
        """The year booklet's build function, the number of events it prints
        and the number the year holds."""
        url = self.calendar.full_url or ""
        data = booklet.collect(self.year, settings.LANGUAGE_CODE, url)

        def build():
            return booklet.build_booklet(self.year, calendar_url=url)

        return build, data.event_count, data.total_events


def _staff_user(username, group):
    """A user of the benchmark database in `group` (made once, kept with --keepdb)."""
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.groups.add(group)
    return user


def _reverse_first(names, *args):
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


class FeedFloors:
    """The references for the province feed, over the same events:

    - join: one query selecting the events' stored VEVENT text (those with an
      occurrence in the feed window) and joining it between the header and the
      footer; the least a feed request can do with stored text;
    - join in memory: the same texts, already loaded, only joined;
    - icalendar: the same events serialised with `icalendar` from objects
      already in memory (`events.feeds.benchmark_serialise`).
    """

    def __init__(self, today):
        calendar = EventIndexPage.for_language(settings.LANGUAGE_CODE)
        self.info, self.data, self.texts = feeds.benchmark_inputs(today, calendar)
        self.count = len(self.data)
        self.stored = sum(1 for text in self.texts if text)
        self.header = ical.feed_header(self.info)
        self.footer = ical.FOOTER
        start, end = feeds.feed_window(today)
        in_window = Occurrence.objects.filter(start__lt=end, end__gt=start)
        self.selection = EventPage.objects.live().filter(
            pk__in=in_window.values("event_id")
        )
        self.stamp = timezone.now()
        self.feeds = feeds

    def join(self) -> bytes:
        texts = self.selection.values_list("ical_component", flat=True)
        return "".join([self.header, *texts, self.footer]).encode()

    def join_in_memory(self) -> bytes:
        return self.feeds.benchmark_join(self.info, self.texts)

    def serialise(self) -> bytes:
        return self.feeds.benchmark_serialise(self.info, self.data, self.stamp)


def in_child(function) -> tuple[float, int, int]:
    """Run `function` in a forked copy of this process, as the background
    run builds a booklet away from the web workers; returns its time in
    seconds, the child's peak resident memory above its own at the start
    (bytes), and the size of what it returned."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its own database connections, then out
        os.close(read)
        status = 1
        try:
            for connection in connections.all(initialized_only=True):
                connection.connection = None  # the parent's stays the parent's
            before = _memory("VmRSS")
            started = time.perf_counter()
            result = function()
            seconds = time.perf_counter() - started
            grown = _memory("VmHWM") - before
            os.write(write, f"{seconds} {grown} {len(result)}".encode())
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as pipe:
        reply = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    if status or not reply:
        raise RuntimeError("the booklet build failed in its child process")
    seconds, grown, size = reply.split()
    return float(seconds), max(0, int(grown)), int(size)


def _memory(field: str) -> int:
    """A figure of this process's memory from /proc (Linux), in bytes:
    VmRSS (resident now) or VmHWM (the most it has been resident)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0
