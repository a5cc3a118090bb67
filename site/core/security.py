"""Response headers that Django does not set itself, and the page shown while
the database is unreachable.

Content-Security-Policy is written here rather than with django-csp: the site
needs three fixed policies (strict for the public site, looser for Wagtail's
admin, and the public one framable by the admin for its previews) and no nonces,
which is a few lines of middleware and one dependency less. Django 6.0 brings
its own CSP support; this can move to it then.
"""

import sys
import warnings
from functools import wraps
from importlib import import_module
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import defaults

from wagtail.images.fields import WagtailImageField

from PIL import Image as PILImage
from PIL import ImageFile

# Video blocks embed players from these hosts (wagtail.embeds).
EMBED_FRAME_SOURCES = (
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
)
ADMIN_PREFIX = "/admin/"
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
TOO_MANY_PIXELS = _(
    "This image has more than %(limit)s megapixels. Make it smaller and upload "
    "it again."
)
DAMAGED_IMAGE = _(
    "This image file is damaged or incomplete. Export it again and upload the new file."
)


def _origin(url: str) -> str:
    """The scheme and host of an absolute URL (a CDN or object store), else ""."""
    parts = urlsplit(url)
    if not parts.netloc:
        return ""
    return f"{parts.scheme or 'https'}://{parts.netloc}"


def _policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(
        f"{name} {' '.join(values)}" for name, values in directives.items()
    )


def content_security_policies() -> tuple[str, str]:
    """The public and the admin Content-Security-Policy, from current settings
    (and the preview's: preview_content_security_policy())."""
    public, admin = _directives()
    return _policy(public), _policy(admin)


def _directives() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The public and the admin policy's directives.

    Public pages run no inline script. Inline style *attributes* are allowed
    (style-src-attr) because brand pages and cards set their colours as CSS
    custom properties in a style attribute; the values come from the fixed
    palette or from colours validated as #rrggbb, and a style attribute cannot
    run script. <style> elements and inline scripts stay forbidden.

    The admin is Wagtail's own interface, used only by signed-in staff; it
    relies on inline scripts and styles, so its policy allows them but still
    keeps everything on this origin.
    """
    assets = sorted(
        {o for o in (_origin(settings.STATIC_URL), _origin(settings.MEDIA_URL)) if o}
    )
    public = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *assets],
        "style-src": ["'self'", *assets],
        "style-src-elem": ["'self'", *assets],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *assets],
        "font-src": ["'self'", *assets],
        "media-src": ["'self'", *assets],
        "connect-src": ["'self'"],
        "frame-src": list(EMBED_FRAME_SOURCES),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    admin = {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'", *assets],
        "style-src": ["'self'", "'unsafe-inline'", *assets],
        "img-src": ["'self'", "data:", "blob:", *assets],
        "font-src": ["'self'", "data:", *assets],
        "media-src": ["'self'", "blob:", *assets],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *EMBED_FRAME_SOURCES],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # The page editor shows its live preview in a same-origin frame.
        "frame-ancestors": ["'self'"],
    }
    return public, admin


def preview_content_security_policy() -> str:
    """The public policy, except that the admin (this origin) may frame it.

    Wagtail renders a preview (the edit view's preview panel, "view draft", a
    revision, a moderator's workflow preview) as a public page: it sends a
    dummy request for the page's public URL through the whole middleware
    chain. That response must keep the public page's rules for script and
    style, yet be shown in the admin's preview frame.
    """
    public, _admin = _directives()
    return _policy({**public, "frame-ancestors": ["'self'"]})


def embed_content_security_policy() -> str:
    """The public policy, except that any site may frame the page: the
    embeds partner sites put in an `<iframe>` (events.embeds). Script,
    style, images and everything else stay as strict as on public pages."""
    public, _admin = _directives()
    return _policy({**public, "frame-ancestors": ["*"]})


def embeddable(view):
    """Marks a view's responses as embeds: framed by any site (the embed
    policy, no X-Frame-Options) and never reading or setting a cookie.

    A framed page is read on partner sites by visitors who may also have a
    session here (an editor): the cookies they send are dropped before the
    view runs, so the session is neither loaded nor renewed (the site saves
    sessions on every request), the page cannot differ by visitor, and a
    shared cache may keep it. A malformed CSRF cookie would otherwise be
    replaced on the way out; that is cancelled too, and the middleware
    strips any cookie left (SecurityHeadersMiddleware)."""
    engine = import_module(settings.SESSION_ENGINE)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.COOKIES = {}
        request.session = engine.SessionStore()
        response = view(request, *args, **kwargs)
        request.META.pop("CSRF_COOKIE_NEEDS_UPDATE", None)
        response.embeddable = True
        # Django's XFrameOptionsMiddleware leaves such a response alone.
        response.xframe_options_exempt = True
        return response

    return wrapped


def is_preview(request) -> bool:
    """Whether `request` is Wagtail's dummy request for a preview (its flag
    for middleware, set in PreviewableMixin.make_preview_request)."""
    return getattr(request, "is_dummy", False) is True


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response
    that does not already carry them (Wagtail's document view sets its own).
    A preview may be framed by the admin's own origin, an embed (`embeddable`)
    by any site, nothing else may."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.public_policy, self.admin_policy = content_security_policies()
        self.preview_policy = preview_content_security_policy()
        self.embed_policy = embed_content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if is_preview(request):
            policy = self.preview_policy
            # Django's XFrameOptionsMiddleware said DENY inside the dummy
            # request's chain; only some of Wagtail's preview views override
            # it. Browsers follow frame-ancestors where both are present; the
            # two say the same here.
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif getattr(response, "embeddable", False):
            policy = self.embed_policy
            # Outermost but one: whatever an inner middleware set goes.
            response.cookies.clear()
        elif request.path.startswith(ADMIN_PREFIX):
            policy = self.admin_policy
        else:
            policy = self.public_policy
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        )
        return response


def database_unavailable() -> HttpResponse:
    """The branded 503 page. Renders a template with no request and no context
    processors, so it needs neither the database nor the cache."""
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name=defaults.ERROR_500_TEMPLATE_NAME):
    """handler500: a lost database becomes a 503 "try again shortly" page;
    anything else stays a plain 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN_ERRORS) and not database_answers():
        return database_unavailable()
    return defaults.server_error(request, template_name)


def database_answers() -> bool:
    """Whether the database answers now. An OperationalError is also what a
    malformed query raises on SQLite; that one is a bug (500), not an outage."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


class CheckedImageField(WagtailImageField):
    """Wagtail's image upload field, plus a full decode of the upload.

    Wagtail reads only the header: a truncated or corrupt file either crashes
    its frame count (a 500 in the admin) or is saved and then breaks every
    rendition of it on public pages. Decoding runs after Wagtail's own size,
    format and pixel-count checks, so a decompression bomb never gets here.
    """

    def check_image_pixel_size(self, f):
        """Wagtail's pixel limit, in the site's words, also for the files
        Pillow itself calls decompression bombs: those raise (or warn)
        before Wagtail can count their pixels, and the error was a 500."""
        if self.max_image_pixels is None:
            return
        too_many = ValidationError(
            TOO_MANY_PIXELS % {"limit": self.max_image_pixels // 1_000_000},
            code="file_too_many_pixels",
        )
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", PILImage.DecompressionBombWarning)
                width, height = f.image.get_size()
                pixels = width * height * f.image.get_frame_count()
        except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
            raise too_many from None
        except OSError as error:
            raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error
        if pixels > self.max_image_pixels:
            raise too_many

    def to_python(self, data):
        f = super().to_python(data)
        if f is None:
            return f
        try:
            source = f.temporary_file_path() if hasattr(f, "temporary_file_path") else f
            with PILImage.open(source) as image:
                # WeasyPrint (the booklet) turns Pillow's LOAD_TRUNCATED_IMAGES
                # on for the whole process when imported; a truncated upload
                # must still be refused here.
                tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
                ImageFile.LOAD_TRUNCATED_IMAGES = False
                try:
                    image.load()
                finally:
                    ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
        except PILImage.UnidentifiedImageError:
            pass  # a format Willow reads and Pillow does not: Willow's word stands
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(DAMAGED_IMAGE, code="damaged_image") from error
        finally:
            if hasattr(f, "seek"):
                f.seek(0)
        return f
