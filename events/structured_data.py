"""schema.org Event JSON-LD for event pages (Google's Event rich result),
from the event's record (events.records)."""

import re
from datetime import timedelta

from django.utils import timezone, translation

from .records import PROVISIONAL

SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "postponed": "https://schema.org/EventPostponed",
    "rescheduled": "https://schema.org/EventRescheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "moved_online": "https://schema.org/EventMovedOnline",
}


def _iso(span, moment):
    if span.all_day:
        return timezone.localtime(moment).date().isoformat()
    return timezone.localtime(moment).isoformat()


def event_json_ld(
    record,
    span,
    *,
    language: str,
    locality: str = "",
    image_url: str = "",
    occurrences=(),
) -> dict:
    """The JSON-LD object of one event (its `events.records.EventRecord`),
    dated by its next occurrence `span`. `locality` is the town of its venue
    (its regency's seat); `image_url` the absolute URL of its picture.
    `occurrences` (a date from another calendar) are listed as its
    `subEvent`s, each with its dates and whether it is estimated."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": record.title,
        "description": record.summary,
        "url": record.url,
        "inLanguage": language,
        "eventStatus": SCHEMA_STATUS[record.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if span is not None:
        if span.cancelled and record.status == "scheduled":
            data["eventStatus"] = SCHEMA_STATUS["cancelled"]
        if span.month_only:
            data["startDate"] = timezone.localtime(span.start).strftime("%Y-%m")
        else:
            data.update(_dates(span))
    venue = record.venue
    if record.status == "moved_online" or (record.online_url and venue is None):
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    elif record.online_url:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    locations = []
    if venue is not None:
        place = {
            "@type": "Place",
            "name": venue.name,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address or venue.name,
                "addressLocality": locality,
                "addressRegion": "Lampung",
                "addressCountry": "ID",
            },
        }
        if venue.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": venue.latitude,
                "longitude": venue.longitude,
            }
        locations.append(place)
    if record.online_url:
        locations.append({"@type": "VirtualLocation", "url": record.online_url})
    if not locations:
        # Google requires a location: without a venue yet, the regency (or
        # the province) where the event takes place.
        regency = record.regency
        locations.append(
            {
                "@type": "Place",
                "name": regency.name if regency else "Provinsi Lampung",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": regency.seat if regency else "Bandar Lampung",
                    "addressRegion": "Lampung",
                    "addressCountry": "ID",
                },
            }
        )
    data["location"] = locations[0] if len(locations) == 1 else locations
    if record.organiser:
        data["organizer"] = {"@type": "Organization", "name": record.organiser}
        if record.website:
            data["organizer"]["url"] = record.website
    offer = {
        "@type": "Offer",
        "url": record.registration_url or record.url,
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
    }
    if record.is_free:
        offer["price"] = 0
    else:
        offer["description"] = record.price
        amount = price_amount(record.price)
        if amount is not None:
            offer["price"] = amount
    if record.created:
        offer["validFrom"] = timezone.localtime(record.created).isoformat()
    data["offers"] = offer
    if image_url:
        data["image"] = [image_url]
    if occurrences:
        data["subEvent"] = [
            _sub_event(record, s, data["location"]) for s in occurrences
        ]
    return data


def _dates(span) -> dict:
    """startDate and endDate of a dated span (an all-day span's last day,
    not the midnight after it)."""
    end = span.end - timedelta(days=1) if span.all_day else span.end
    return {"startDate": _iso(span, span.start), "endDate": _iso(span, end)}


def _sub_event(record, span, location) -> dict:
    """One dated occurrence of an event whose dates come from another
    calendar, at the event's `location`. schema.org has no status for an
    estimated date: it is scheduled, and its description says it is
    estimated."""
    sub = {
        "@type": "Event",
        "name": record.title,
        **_dates(span),
        "eventStatus": SCHEMA_STATUS[record.status],
        "location": location,
    }
    if span.provisional:
        with translation.override(record.language):
            sub["description"] = str(PROVISIONAL)
    return sub


_RUPIAH = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)")


def price_amount(text: str) -> int | None:
    """The first rupiah amount in a price text ("Rp25.000, anak gratis" ->
    25000; dots group thousands in Indonesian), or None when it has none."""
    match = _RUPIAH.search(text or "")
    return int(match.group(1).replace(".", "")) if match else None
