"""A small read-only JSON API of the calendar for other portals and apps.

`GET /api/events/` lists occurrences (one row per date of an event), with the
public calendar's filters as parameters, `?lang=en` and `?page=`. It reads
the same stored occurrences as the website, so both always agree.

A plain view rather than Wagtail's API v2: v2 serves pages, not the expanded
occurrences with the calendar's filters, and would bring Django REST
framework's pagination and field syntax for one list.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from .feeds import FeedQuery, feed_filter_form
from .models import Occurrence
from .records import IMAGE_SPEC, event_record
from .translation import attach_ical_uids

MAX_PER_PAGE = 100
API_MAX_AGE = 5 * 60


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat()


def occurrence_json(occ, request) -> dict:
    """One occurrence as the API shows it: its event's record (labels in the
    request's language) and the occurrence's own dates and state."""
    event = occ.event
    record = event_record(
        event,
        # The same in every language (events.translation.attach_ical_uids).
        uid=getattr(occ, "ical_uid", event.uid),
        language=translation.get_language(),
        tags=(),
        exceptions=(),
        url=event.get_full_url(request),
        regency=occ.regency,
        venue=occ.venue,
    )
    if occ.cancelled:
        occurrence_status = "cancelled"
    elif occ.moved:
        occurrence_status = "moved"
    else:
        occurrence_status = "scheduled"
    venue, regency = record.venue, record.regency
    return {
        "uid": record.uid,
        "title": record.title,
        "summary": record.summary,
        "url": record.url,
        "ical": request.build_absolute_uri(
            reverse("events:event_ics", args=[event.uid])
        ),
        "language": occ.locale.language_code,
        "start": _iso(occ.start),
        "end": _iso(occ.end),
        "all_day": occ.all_day,
        "month_only": occ.month_only,
        "status": str(record.status),
        "status_label": record.status_label,
        "status_reason": record.status_reason,
        "occurrence_status": occurrence_status,
        "occurrence_note": occ.note,
        "category": {
            "code": record.category,
            "label": capfirst(record.category_label),
        },
        "regency": {"slug": regency.slug, "name": regency.name} if regency else None,
        "venue": (
            {
                "slug": venue.slug,
                "name": venue.name,
                "address": venue.address,
                "latitude": venue.latitude,
                "longitude": venue.longitude,
            }
            if venue is not None
            else None
        ),
        "online_url": record.online_url,
        "organiser": record.organiser,
        "is_free": record.is_free,
        "price": "" if record.is_free else record.price,
        "registration_url": record.registration_url,
        "image": record.image_url or None,
    }


def _page_link(request, params, page_number) -> str | None:
    if page_number is None:
        return None
    query = urlencode([*params, ("page", page_number)])
    return request.build_absolute_uri(f"{request.path}?{query}")


@require_safe
def events(request):
    """The calendar's occurrences as JSON: upcoming ones by default, or those
    in `start`…`end`; filters as on the public calendar."""
    feed = FeedQuery.from_request(request.GET)
    form = feed_filter_form(feed)
    if not form.is_valid():
        response = JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        response["Access-Control-Allow-Origin"] = "*"
        return response
    with translation.override(feed.language):
        occurrences = Occurrence.objects.visible(feed.language).filtered(
            **form.filters()
        )
        if not (form.cleaned_data.get("start") or form.cleaned_data.get("end")):
            occurrences = occurrences.upcoming(timezone.now())
        renditions = (
            get_image_model()
            .get_rendition_model()
            .objects.filter(filter_spec=IMAGE_SPEC)
        )
        occurrences = (
            occurrences.order_by("start", "pk")
            .for_listing()
            .prefetch_related(Prefetch("event__image__renditions", renditions))
        )
        try:
            per_page = int(request.GET.get("per_page") or settings.EVENTS_PER_PAGE)
        except ValueError:
            per_page = settings.EVENTS_PER_PAGE
        per_page = min(max(per_page, 1), MAX_PER_PAGE)
        page = Paginator(occurrences, per_page).get_page(request.GET.get("page"))
        params = [*feed.params, ("lang", feed.language)]
        if per_page != settings.EVENTS_PER_PAGE:
            params.append(("per_page", per_page))
        data = {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "per_page": per_page,
            "language": feed.language,
            "filters": dict(feed.params),
            "next": _page_link(
                request, params, page.next_page_number() if page.has_next() else None
            ),
            "previous": _page_link(
                request,
                params,
                page.previous_page_number() if page.has_previous() else None,
            ),
            "results": [
                occurrence_json(occ, request)
                for occ in attach_ical_uids(page.object_list)
            ],
        }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Public data for other portals' pages: any origin may read it.
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=API_MAX_AGE)
    return response
