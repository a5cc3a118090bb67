"""The id and en catalogues cover every string of the project, translated and
checked (no fuzzy entry), and the committed .mo files are their compilation."""

import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase
from django.utils import translation
from django.utils.translation import gettext

import polib

from core.management.commands.update_catalogues import (
    SOURCE_LANGUAGE,
    catalogue,
    extract,
)

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = [code for code, _name in settings.LANGUAGES]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def problems(po: polib.POFile) -> list[str]:
    """Entries gettext would show untranslated, or that nobody checked."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                found.append(f"untranslated plural: {entry.msgid!r}")
        elif not entry.msgstr:
            found.append(f"untranslated: {entry.msgid!r}")
    return found


def translated(po: polib.POFile) -> dict:
    """What a compilation of `po` contains: msgid (with plural) -> msgstr."""
    entries = {}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid, entry.msgid_plural)
        entries[key] = (
            tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
            if entry.msgid_plural
            else entry.msgstr
        )
    return entries


class CatalogueTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The catalogues as `make messages` would leave them right now: the
        # committed .po files merged with the strings in today's code.
        cls.tmp = Path(tempfile.mkdtemp())
        for language in LANGUAGES:
            target = catalogue(cls.tmp, language)
            target.parent.mkdir(parents=True)
            if catalogue(LOCALE_DIR, language).exists():
                shutil.copy(catalogue(LOCALE_DIR, language), target)
        extract(cls.tmp, LANGUAGES)
        cls.current = {
            language: polib.pofile(str(catalogue(cls.tmp, language)))
            for language in LANGUAGES
        }

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)
        super().tearDownClass()

    def test_every_project_string_is_translated_in_both_catalogues(self):
        """No string of the code is missing, empty or fuzzy in id or en.
        To fix: `make messages`, then translate the new Indonesian entries."""
        for language in LANGUAGES:
            with self.subTest(language):
                found = problems(self.current[language])
                self.assertEqual(found, [], "\n".join(found[:40]))

    def test_committed_catalogues_are_up_to_date_with_the_code(self):
        """The committed .po files already hold every current string."""
        for language in LANGUAGES:
            with self.subTest(language):
                committed = polib.pofile(str(catalogue(LOCALE_DIR, language)))
                missing = {e.msgid for e in self.current[language]} - {
                    e.msgid for e in committed
                }
                self.assertEqual(sorted(missing), [])

    def test_compiled_catalogues_match_their_po_files(self):
        """Each committed .mo holds exactly the translated entries of its .po
        (compare contents: a git checkout does not keep file times)."""
        for language in LANGUAGES:
            with self.subTest(language):
                po_path = catalogue(LOCALE_DIR, language)
                mo_path = po_path.with_suffix(".mo")
                self.assertIs(mo_path.exists(), True, f"{mo_path} is not compiled")
                compiled = polib.mofile(str(mo_path))
                self.assertEqual(
                    translated(compiled), translated(polib.pofile(str(po_path)))
                )

    def test_translations_keep_every_placeholder(self):
        """A translation names the same %(placeholders)s as its source."""
        for language in LANGUAGES:
            for entry in self.current[language].translated_entries():
                sources = [entry.msgid, entry.msgid_plural or entry.msgid]
                targets = (
                    list(entry.msgstr_plural.values())
                    if entry.msgid_plural
                    else [entry.msgstr]
                )
                expected = {m for s in sources for m in PLACEHOLDER.findall(s)}
                for target in targets:
                    with self.subTest(language=language, msgid=entry.msgid):
                        self.assertEqual(set(PLACEHOLDER.findall(target)), expected)

    def test_english_catalogue_repeats_the_english_source(self):
        """The source strings are English: the en catalogue maps each to itself."""
        for entry in self.current[SOURCE_LANGUAGE].translated_entries():
            if not entry.msgid_plural:
                self.assertEqual(entry.msgstr, entry.msgid)

    def test_indonesian_wording_of_key_terms(self):
        """The public calendar's key words, in the tourism office's register."""
        terms = {
            "Calendar": "Agenda",
            "Cancelled": "Dibatalkan",
            "Postponed": "Ditunda",
            "in Indonesian": "dalam bahasa Indonesia",
            "%(month)s, date to be announced": "%(month)s, tanggal menyusul",
        }
        with translation.override("id"):
            for source, expected in terms.items():
                with self.subTest(source):
                    self.assertEqual(gettext(source), expected)

    def test_wagtail_moderation_emails_are_in_indonesian(self):
        """Every string of Wagtail's notification emails has Indonesian, from
        Wagtail's catalogue or, where it lacks one, from core's (site/core/locale)."""
        import wagtail.admin

        templates = Path(wagtail.admin.__file__).parent / "templates"
        root = self.tmp / "wagtail"
        shutil.copytree(
            templates / "wagtailadmin" / "notifications", root / "notifications"
        )
        extract(root / "locale", ["id"], root=root)
        notifications = polib.pofile(str(catalogue(root / "locale", "id")))
        self.assertGreater(len(notifications), 40)
        with translation.override("id"):
            missing = [e.msgid for e in notifications if gettext(e.msgid) == e.msgid]
        self.assertEqual(missing, [])
