"""Refresh and compile the message catalogues (`make messages`).

Runs makemessages for every site language over the project (not the
virtualenv, tests or node modules), fills the English catalogue (the source
strings are English: msgstr = msgid, which is what gettext shows anyway, but
explicit so another app's English catalogue can never override ours), and
compiles the .mo files that are committed with the .po files. New Indonesian
entries are left empty, and entries makemessages guessed are marked fuzzy: the
catalogue tests fail until a person translates and checks them.
"""

from contextlib import chdir
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.utils import popen_wrapper
from django.test.utils import override_settings

# Paths makemessages must not read: tools, generated files, tests, the
# catalogues themselves (a "locale" folder would otherwise become the target).
IGNORE = [
    ".venv",
    "node_modules",
    "staticfiles",
    "media",
    "htmlcov",
    "artifacts",
    "tests",
    "locale",
    "*/migrations/*",
]
SOURCE_LANGUAGE = "en"


def catalogue(locale_dir: Path, language: str) -> Path:
    return Path(locale_dir) / language / "LC_MESSAGES" / "django.po"


def extract(locale_dir: Path, languages: list[str], root: Path | None = None) -> None:
    """Update (or create) `<locale_dir>/<language>/LC_MESSAGES/django.po` for
    each language with the current strings of the project (or of `root`)."""
    root = Path(root or settings.BASE_DIR)
    with override_settings(LOCALE_PATHS=[Path(locale_dir)]), chdir(root):
        call_command(
            "makemessages",
            locale=languages,
            ignore_patterns=IGNORE,
            extensions=["html", "txt", "py"],
            add_location="file",
            no_obsolete=True,
            verbosity=0,
        )


def fill_source_language(path: Path) -> int:
    """Set msgstr = msgid on every empty or fuzzy entry of the English
    catalogue. Returns how many entries changed."""
    import polib

    po = polib.pofile(str(path), wrapwidth=79)
    changed = 0
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            wanted = {0: entry.msgid, 1: entry.msgid_plural}
            if entry.msgstr_plural != wanted or entry.fuzzy:
                entry.msgstr_plural = wanted
                changed += 1
        elif entry.msgstr != entry.msgid or entry.fuzzy:
            entry.msgstr = entry.msgid
            changed += 1
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = None
    po.save()
    return changed


def rewrap(path: Path) -> None:
    """Wrap the catalogue as gettext does (polib wraps differently), so that
    editing it with polib and refreshing it with makemessages give no churn."""
    _out, errors, status = popen_wrapper(["msgcat", "-o", str(path), str(path)])
    if status:
        raise CommandError(f"msgcat {path}: {errors}")


class Command(BaseCommand):
    help = "Refresh the id/en catalogues from the code, fill English, compile."

    def handle(self, *args, **options):
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _name in settings.LANGUAGES]
        extract(locale_dir, languages)
        filled = fill_source_language(catalogue(locale_dir, SOURCE_LANGUAGE))
        for language in languages:
            rewrap(catalogue(locale_dir, language))
        with chdir(settings.BASE_DIR):
            call_command(
                "compilemessages",
                locale=languages,
                ignore_patterns=[p for p in IGNORE if p != "locale"],
                verbosity=0,
            )
        self.stdout.write(
            f"Catalogues updated in {locale_dir} ({filled} English entries filled)."
        )
