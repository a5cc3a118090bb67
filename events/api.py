"""A small read-only JSON API of the calendar for other portals and apps.

`GET /api/events/` lists occurrences (one row per date of an event), with the
public calendar's filters as parameters, `?lang=en` and `?page=`. It reads
the same stored occurrences as the website, so both always agree.

A plain view rather than Wagtail's API v2: v2 serves pages, not the expanded
occurrences with the calendar's filters, and would bring Django REST
framework's pagination and field syntax for one list.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from .feeds import (
    FeedQuery,
    conditional,
    feed_filter_form,
    hourly_validators,
    set_validators,
)
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
        confirmations=(),
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
        # No .ics while the date is not fixed (month-only events).
        "ical": None
        if event.month_only
        else request.build_absolute_uri(reverse("events:event_ics", args=[event.uid])),
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
        # A date from another calendar: estimated until the official
        # decision (Hijri), or computed and final.
        "calendar": record.schedule.rule or "gregorian",
        "provisional": occ.provisional,
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


TRUE = ("on", "true", "1", "yes")
FALSE = ("off", "false", "0", "no")


class PagingForm(forms.Form):
    """The API's own parameters, checked strictly: a client that asks for
    something impossible hears so rather than getting another page."""

    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    free = forms.ChoiceField(choices=[(w, w) for w in (*TRUE, *FALSE)], required=False)


def _errors(errors: dict) -> JsonResponse:
    response = JsonResponse(
        {"errors": errors}, status=400, json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def events(request):
    """The calendar's occurrences as JSON: upcoming ones by default, or those
    in `start`…`end`; filters as on the public calendar. Invalid parameters
    (a filter, `page`, `per_page` or `free`) get 400 with the reasons in the
    request's language; conditional requests get 304 like the feeds."""
    query = request.GET.copy()
    language = FeedQuery.from_request(query).language
    with translation.override(language):
        paging = PagingForm(
            {k: query.get(k, "").strip().lower() for k in ("page", "per_page", "free")}
        )
        if not paging.is_valid():
            return _errors(paging.errors.get_json_data())
        if paging.cleaned_data["free"] in FALSE:
            query.pop("free")
        feed = FeedQuery.from_request(query)
        form = feed_filter_form(feed)
        if not form.is_valid():
            return _errors(form.errors.get_json_data())
        per_page = paging.cleaned_data["per_page"] or settings.EVENTS_PER_PAGE
        page_number = paging.cleaned_data["page"] or 1
        etag, last_modified = hourly_validators(
            feed.key, str(per_page), str(page_number)
        )
        response = conditional(request, etag, last_modified)
        if response is None:
            response = _events_page(request, feed, form, per_page, page_number)
    if response.status_code in (200, 304):
        set_validators(response, etag, last_modified)
        patch_cache_control(response, public=True, max_age=API_MAX_AGE)
    # Public data for other portals' pages: any origin may read it.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _events_page(request, feed, form, per_page: int, page_number: int):
    occurrences = Occurrence.objects.visible(feed.language).filtered(**form.filters())
    if not (form.cleaned_data.get("start") or form.cleaned_data.get("end")):
        occurrences = occurrences.upcoming(timezone.now())
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec=IMAGE_SPEC)
    )
    occurrences = (
        occurrences.order_by("start", "pk")
        .for_listing()
        .prefetch_related(Prefetch("event__image__renditions", renditions))
    )
    paginator = Paginator(occurrences, per_page)
    if page_number > paginator.num_pages:
        return _errors(
            {
                "page": [
                    {
                        "message": ngettext(
                            "There is %(count)d page.",
                            "There are %(count)d pages.",
                            paginator.num_pages,
                        )
                        % {"count": paginator.num_pages},
                        "code": "max_value",
                    }
                ]
            }
        )
    page = paginator.page(page_number)
    params = [*feed.params, ("lang", feed.language)]
    if per_page != settings.EVENTS_PER_PAGE:
        params.append(("per_page", per_page))
    data = {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
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
            occurrence_json(occ, request) for occ in attach_ical_uids(page.object_list)
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
