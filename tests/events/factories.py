"""Deterministic events for tests. Pages are created as drafts in a folder;
`publish` goes through Wagtail's revision publishing, so signals fire."""

from datetime import date, time

import factory
import wagtail_factories

from events.models import EventException, EventFolderPage, EventPage


class EventPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = EventPage

    title = factory.Sequence(lambda n: f"Acara uji {n}")
    slug = factory.Sequence(lambda n: f"acara-uji-{n}")
    summary = factory.LazyAttribute(lambda o: f"Ringkasan {o.title}.")
    category = "culture"
    start_date = date(2027, 7, 10)
    start_time = time(19)
    end_time = time(21)
    live = False


def publish(page: EventPage) -> EventPage:
    """Publish the page's current state, as a moderator's approval does."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def live_event(parent, **fields) -> EventPage:
    """A published event under `parent` (an event folder)."""
    exceptions = fields.pop("exceptions", [])
    page = EventPageFactory.build(**fields)
    for exception in exceptions:
        page.exceptions.add(EventException(**exception))
    parent.add_child(instance=page)
    return publish(page)


def draft_event(parent, **fields) -> EventPage:
    """A never-published event under `parent`, with a saved revision."""
    page = EventPageFactory.build(**fields)
    parent.add_child(instance=page)
    page.save_revision()
    return page


def folder_of(regency_slug: str, language: str = "id") -> EventFolderPage:
    """The demo province's event folder of a regency, in one language."""
    return EventFolderPage.objects.get(
        regency__slug=regency_slug, locale__language_code=language
    )
