"""Site-wide template helpers: language alternates, brand colours, breadcrumbs."""

import logging

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_info, gettext

from wagtail.images.templatetags.wagtailimages_tags import ImageNode, PictureNode
from wagtail.models import Locale, Page, Site

from core import renditions
from core.storage import is_storage_fault

register = template.Library()
logger = logging.getLogger(__name__)


class StorageSafeRendering:
    """A rendition that cannot be made now (the media store unreachable or
    full) leaves the image out of the page instead of failing the page;
    the hourly warm_renditions job makes it once the store is back."""

    def render(self, context):
        try:
            return super().render(context)
        except Exception as error:
            if not is_storage_fault(error):
                raise
            logger.warning("Rendition left out: the media store failed (%r)", error)
            if self.output_var_name:
                context[self.output_var_name] = None
            return ""


class SafeImageNode(StorageSafeRendering, ImageNode):
    pass


class SafePictureNode(StorageSafeRendering, PictureNode):
    pass


@register.tag
def rendition(parser, token):
    """`{% rendition IMAGE "use" [attr=value …] [as name] %}`: the image in the
    sizes `core.renditions.USES` gives the use, as Wagtail's `{% picture %}`
    (several sizes or formats) or `{% image %}` (one) would render it."""
    _tag, image, use, *bits = token.split_contents()
    use = use.strip("\"'")
    if use not in renditions.USES:
        raise template.TemplateSyntaxError(f"rendition: unknown use {use!r}")
    attrs, name = {}, None
    if len(bits) == 2 and bits[0] == "as":
        name = bits[1]
    else:
        for bit in bits:
            key, _, value = bit.partition("=")
            attrs[key] = parser.compile_filter(value)
    specs = list(renditions.USES[use])
    Node = SafePictureNode if len(renditions.filters(use)) > 1 else SafeImageNode
    return Node(parser.compile_filter(image), specs, output_var_name=name, attrs=attrs)


@register.simple_tag(takes_context=True)
def language_alternates(context):
    """For each site language, where the language switch and the `hreflang`
    links go: the same page in that language (with the same calendar sub-route,
    and for the switch the same filters), or, when it has no live translation,
    that language's home page with `translated` False and `?untranslated=1`
    so the home page says why. Views outside Wagtail (search) translate their URL."""
    page = context.get("page")
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    if request is None:
        return []
    query = request.GET.copy()
    query.pop("untranslated", None)
    query_string = f"?{query.urlencode()}" if query else ""
    targets = {}
    if isinstance(page, Page):
        own_url = page.get_url(request) or ""
        suffix = ""
        if own_url and request.path.startswith(own_url):
            # A calendar route such as 2027/07/ or past/.
            suffix = request.path[len(own_url) :]
        versions = page.get_translations(inclusive=True).live().select_related("locale")
        for version in versions:
            url = version.get_url(request)
            if url:
                targets[version.locale.language_code] = url + suffix
    else:
        for code, _name in settings.LANGUAGES:
            url = translate_url(request.path, code)
            if url != request.path or code == current:
                targets[code] = url
    homes = {}
    if len(targets) < len(settings.LANGUAGES):
        site = Site.find_for_request(request)
        if site is not None:
            roots = site.root_page.get_translations(inclusive=True).live()
            for home in roots.select_related("locale"):
                homes[home.locale.language_code] = home.get_url(request)
    alternates = []
    for code, name in settings.LANGUAGES:
        info = get_language_info(code)
        with translation.override(code):
            note = gettext(
                "Not translated yet: goes to the %(language)s home page."
            ) % {"language": gettext(info["name"])}
        alternate = {
            "code": code,
            "name": name,
            "name_local": info["name_local"],
            "current": code == current,
            "translated": code in targets,
            "untranslated_note": note,
            "url": None,
            "href": None,
        }
        if code in targets:
            alternate["url"] = targets[code] + query_string
            alternate["href"] = request.build_absolute_uri(targets[code])
        elif code in homes:
            alternate["url"] = f"{homes[code]}?untranslated=1"
        alternates.append(alternate)
    return alternates


@register.simple_tag
def theme_style(colours):
    """Inline custom properties for a brand theme (values come from the fixed
    palette or from colours validated as #rrggbb)."""
    return f"--brand:{colours.primary};--on-brand:{colours.on_primary};"


def routed_ancestors(page) -> list | None:
    """The pages from the home page down to `page`'s parent as Wagtail's
    routing left them on each page it walked (`_cached_parent_obj`), so
    breadcrumbs need no query; None when the chain does not reach a home page."""
    chain = []
    current = page.__dict__.get("_cached_parent_obj")
    while current is not None and current.depth >= 2:
        chain.append(current)
        if current.depth == 2:
            return chain[::-1]
        current = current.__dict__.get("_cached_parent_obj")
    return None


@register.inclusion_tag("navigation/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context.get("request")
    ancestors = []
    if isinstance(page, Page) and page.depth > 2:
        ancestors = routed_ancestors(page) or list(
            page.get_ancestors().filter(depth__gte=2).specific(defer=True)
        )
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
