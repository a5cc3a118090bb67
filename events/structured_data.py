"""schema.org Event JSON-LD for event pages (Google's Event rich result)."""

import re
from datetime import timedelta

from django.utils import timezone

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


def event_json_ld(event, span, request, language: str) -> dict:
    """The JSON-LD object of one event, dated by its next occurrence."""
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": event.get_full_url(request),
        "inLanguage": language,
        "eventStatus": SCHEMA_STATUS[event.status],
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if span is not None:
        if span.cancelled and event.status == "scheduled":
            data["eventStatus"] = SCHEMA_STATUS["cancelled"]
        if span.month_only:
            data["startDate"] = timezone.localtime(span.start).strftime("%Y-%m")
        else:
            data["startDate"] = _iso(span, span.start)
            end = span.end
            if span.all_day:
                end = end - timedelta(days=1)
            data["endDate"] = _iso(span, end)
    venue = event.venue
    if event.status == "moved_online" or (event.online_url and venue is None):
        data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    elif event.online_url:
        data["eventAttendanceMode"] = "https://schema.org/MixedEventAttendanceMode"
    locations = []
    if venue is not None:
        place = {
            "@type": "Place",
            "name": str(venue),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": venue.address or str(venue),
                "addressLocality": venue.regency.seat if venue.regency_id else "",
                "addressRegion": "Lampung",
                "addressCountry": "ID",
            },
        }
        if venue.latitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(venue.latitude),
                "longitude": float(venue.longitude),
            }
        locations.append(place)
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if not locations:
        # Google requires a location: without a venue yet, the regency (or
        # the province) where the event takes place.
        regency = event.regency if event.regency_id else None
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
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser:
        data["organizer"] = {"@type": "Organization", "name": event.organiser}
        if event.website:
            data["organizer"]["url"] = event.website
    offer = {
        "@type": "Offer",
        "url": event.registration_url or event.get_full_url(request),
        "priceCurrency": "IDR",
        "availability": "https://schema.org/InStock",
    }
    if event.is_free:
        offer["price"] = 0
    else:
        offer["description"] = event.price
        amount = price_amount(event.price)
        if amount is not None:
            offer["price"] = amount
    if event.first_published_at:
        offer["validFrom"] = timezone.localtime(event.first_published_at).isoformat()
    data["offers"] = offer
    image = event.image if event.image_id else event.social_image
    if image is not None:
        rendition = image.get_rendition("fill-1200x675|format-jpeg")
        data["image"] = [request.build_absolute_uri(rendition.url)]
    return data


_RUPIAH = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)")


def price_amount(text: str) -> int | None:
    """The first rupiah amount in a price text ("Rp25.000, anak gratis" ->
    25000; dots group thousands in Indonesian), or None when it has none."""
    match = _RUPIAH.search(text or "")
    return int(match.group(1).replace(".", "")) if match else None
