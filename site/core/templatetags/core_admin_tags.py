"""Template tags of the admin's moderation screens and e-mails."""

from django import template

from ..moderation import changes_requested as _changes_requested
from ..text import single_line as _single_line

register = template.Library()


@register.filter(is_safe=True)
def single_line(text):
    """The text on one line (an e-mail subject): see core.text.single_line."""
    return _single_line(str(text))


@register.simple_tag
def changes_requested(page):
    """The moderator's request for changes `page` waits on, or None."""
    if page is None or page.pk is None:
        return None
    return _changes_requested(page)
