"""Deployment checks (`manage.py check --deploy`): the site's address.

Links in feeds, exports, the booklet and e-mails are built from Wagtail's
default Site; a Site left at the `localhost` of the first migration, or at a
host this server does not answer to, sends them to nowhere. `setup_province`
sets the Site from SITE_URL."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.http.request import validate_host

from wagtail.models import Site

from .site_url import site_address

FIX = "Set SITE_URL and run `python manage.py setup_province`."


def check_site_address(app_configs=None, **kwargs):
    """Errors when not DEBUG: SITE_URL not https, the default Site at
    localhost, outside ALLOWED_HOSTS or elsewhere than SITE_URL."""
    if settings.DEBUG:
        return []
    try:
        address = site_address()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="core.E001")]
    errors = []
    if address.scheme != "https" or address.port != 443:
        errors.append(
            checks.Error(
                f"SITE_URL must be https on the standard port: {settings.SITE_URL}",
                hint="Wagtail builds https links only for port 443.",
                id="core.E002",
            )
        )
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return errors  # not migrated yet: nothing to compare
    if site is None:
        return [
            *errors,
            checks.Error("No default Wagtail Site.", hint=FIX, id="core.E003"),
        ]
    if site.hostname == "localhost":
        errors.append(
            checks.Error(
                "The default Site's host name is localhost: every absolute link "
                "(feeds, exports, booklet, e-mails) would point at it.",
                hint=FIX,
                id="core.E004",
            )
        )
    elif not validate_host(site.hostname, settings.ALLOWED_HOSTS):
        errors.append(
            checks.Error(
                f"The default Site's host name {site.hostname!r} is not in "
                "ALLOWED_HOSTS.",
                hint=FIX,
                id="core.E005",
            )
        )
    if (site.hostname, site.port) != (address.hostname, address.port):
        errors.append(
            checks.Error(
                f"The default Site ({site.hostname}:{site.port}) is not at "
                f"SITE_URL ({settings.SITE_URL}).",
                hint=FIX,
                id="core.E006",
            )
        )
    return errors


def register() -> None:
    checks.register(check_site_address, checks.Tags.security, deploy=True)
