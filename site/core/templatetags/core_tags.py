"""Site-wide template helpers: language alternates, brand colours, breadcrumbs."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from wagtail.models import Locale, Page

register = template.Library()


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """For each site language: the same page in that language, or that
    language's home page with `translated` False when no translation exists."""
    page = context.get("page")
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    translations = {}
    if isinstance(page, Page):
        for p in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[p.locale.language_code] = p
    homes = {}
    if len(translations) < len(settings.LANGUAGES):
        for home in Page.objects.filter(depth=2).live().select_related("locale"):
            homes.setdefault(home.locale.language_code, home)
    alternates = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        url = target.get_url(request) if target else None
        if target is None and code in homes:
            url = homes[code].get_url(request)
        alternates.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "translated": target is not None,
                "current": code == current,
            }
        )
    return alternates


@register.simple_tag
def theme_style(colours):
    """Inline custom properties for a brand theme (values come from the fixed
    palette or from colours validated as #rrggbb)."""
    return f"--brand:{colours.primary};--on-brand:{colours.on_primary};"


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = list(page.get_ancestors().filter(depth__gte=2).specific(defer=True))
    trail = [*ancestors, page] if ancestors else []
    structured = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": crumb.get_full_url(request),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }
    return {
        "ancestors": ancestors,
        "page": page,
        "request": request,
        "structured_data": structured if trail else None,
    }


@register.simple_tag
def default_locale_code():
    return Locale.get_default().language_code


@register.filter
def json_ld(value):
    """A `<script type="application/ld+json">` element, escaped like json_script."""
    import json

    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    escapes = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
    text = json.dumps(value, ensure_ascii=False).translate(escapes)
    safe = mark_safe(text)  # noqa: S308 - <, > and & escaped above
    return format_html('<script type="application/ld+json">{}</script>', safe)


@register.simple_tag
def meta_description(page) -> str:
    """The page's search description, else its summary or introduction."""
    from django.utils.text import Truncator

    for name in ("search_description", "summary", "intro"):
        value = getattr(page, name, "")
        if value:
            return Truncator(value).chars(200)
    return ""


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """`url` made absolute for the current request's host (unchanged when it
    already is, as with media on a CDN): for canonical and sharing tags."""
    request = context.get("request")
    if not url or request is None:
        return url or ""
    return request.build_absolute_uri(url)
