"""The site's public address, `settings.SITE_URL`, given to Wagtail's default
Site: every absolute URL Wagtail builds (canonical links, sitemap, feeds, API,
exports, booklet, workflow e-mails through `WAGTAILADMIN_BASE_URL`) starts
from that Site's host name and port."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from wagtail.models import Page, Site


@dataclass(frozen=True)
class SiteAddress:
    scheme: str
    hostname: str
    port: int


def site_address(url: str | None = None) -> SiteAddress:
    """SITE_URL (or `url`) as a scheme, host name and port (80 for http and
    443 for https when none is given)."""
    url = settings.SITE_URL if url is None else url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            f"SITE_URL must be http(s)://host[:port], not {url!r}"
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL is the site's root, without a path: {url!r}"
        )
    default_port = 443 if parts.scheme == "https" else 80
    return SiteAddress(parts.scheme, parts.hostname, parts.port or default_port)


def apply_site_url(root_page: Page) -> tuple[Site, bool]:
    """The default Site at SITE_URL's host name and port (created on
    `root_page` when there is none); True when something changed."""
    address = site_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=address.hostname,
            port=address.port,
            root_page=root_page,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        return site, True
    if (site.hostname, site.port) == (address.hostname, address.port):
        return site, False
    site.hostname, site.port = address.hostname, address.port
    # save(), not update(): Wagtail's signal clears its cached site root paths.
    site.save(update_fields=["hostname", "port"])
    return site, True


def root_url(request=None) -> str:
    """The site's public root, "https://host[:port]" without a slash: the
    Wagtail Site of `request` (the default Site without one), else SITE_URL.
    For absolute links the site hands out (the embed snippet)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site is not None else settings.SITE_URL.rstrip("/")
