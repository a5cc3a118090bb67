"""Helpers to drive the Wagtail admin's event form with real POSTs."""

from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text


def event_form_data(exceptions=(), **fields) -> dict:
    """The POST body of the event create/edit form, as the browser sends it.
    Field values are strings; `exceptions` are dicts of inline form fields."""
    data = {
        "title": "Festival Uji Coba",
        "slug": "festival-uji-coba",
        "summary": "Festival untuk uji formulir.",
        "category": "culture",
        "description": rich_text("<p>Deskripsi lengkap festival.</p>"),
        "tags": "",
        "date_precision": "exact",
        "start_date": "2027-07-10",
        "start_time": "19:00",
        "end_date": "",
        "end_time": "21:00",
        "recurrence_frequency": "",
        "recurrence_interval": "1",
        "recurrence_monthly_by": "day",
        "recurrence_until": "",
        "recurrence_count": "",
        "status": "scheduled",
        "status_reason": "",
        "venue": "",
        "online_url": "",
        "organiser": "Dinas Pariwisata",
        "contact_email": "",
        "contact_phone": "",
        "is_free": "on",
        "price": "",
        "registration_url": "",
        "website": "",
        "accessibility": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "exceptions": inline_formset(
            [
                {
                    "original_date": "",
                    "action": "skip",
                    "new_date": "",
                    "new_start_time": "",
                    "new_end_time": "",
                    "reason": "",
                    **exc,
                }
                for exc in exceptions
            ]
        ),
        "comments": inline_formset([]),
    }
    data.update(fields)
    # An unticked checkbox is simply absent from a browser's POST.
    for name in ("is_free", "highlight"):
        if data.get(name) in ("", None, False):
            data.pop(name, None)
    # Multiple choices (weekday checkboxes) are repeated keys, not nested rows.
    lists = {
        k: data.pop(k) for k in [k for k, v in data.items() if isinstance(v, list)]
    }
    return {**nested_form_data(data), **lists}


def add_url(folder) -> str:
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", folder.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])
