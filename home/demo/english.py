"""The English side of the demo: the site's pages, most brand pages and a
few events with their folders. Some events stay Indonesian on purpose: the
English calendar shows them marked "(in Indonesian)", and their editors see
them in the "Pages without English" report."""

from django.utils.text import slugify

from wagtail.models import Locale

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from events.models import EventIndexPage, EventPage, PavilionPage, VenuePage

# Festivals with an English page in the demo; the others stay Indonesian.
ENGLISH_FESTIVALS = {
    "festival-krakatau",
    "festival-sekala-bekhak",
    "festival-way-kambas",
    "krui-pro",
    "lampung-fair",
    "festival-kemilau-tapis",
    "lampung-culture-tourism-festival",
    "festival-siger",
}
ENGLISH_ACTIVITY_TITLE = "Lampung Barat Robusta Coffee Brewing Class"
ENGLISH_REASONS = {
    "Anjungan dipakai untuk persiapan Lampung Fair": (
        "The pavilion is being used to prepare the Lampung Fair"
    ),
    "Bergeser sehari karena hari libur nasional": (
        "Moved by one day because of a public holiday"
    ),
}


# How the demo's generated pictures are credited, in each language.
ILLUSTRATION_ID = "(ilustrasi)"
ILLUSTRATION_EN = "(illustration)"


def _english_brand(page, item) -> None:
    """English texts of a brand page's destinations and body blocks."""
    texts = {d["name"]: d.get("description_en") for d in item["destinations"]}
    destinations = list(page.destinations.all())
    for destination in destinations:
        destination.description = texts.get(destination.name) or destination.description
    page.destinations = destinations
    page.seo_title = f"{page.brand_name}: visit {page.regency.name}"
    for block in page.body:
        if block.block_type == "destinations":
            block.value["heading"] = "Featured destinations"
        elif block.block_type == "quote":
            block.value["attribution"] = f"Motto of {page.regency.name}"
        elif block.block_type == "call_to_action":
            block.value["text"] = "Explore more destinations across Lampung"
            target = block.value.get("page")
            english = target.get_translation_or_none(page.locale) if target else None
            if english is not None:
                block.value["page"] = english


def _english_exceptions(page) -> None:
    exceptions = list(page.exceptions.all())
    for exception in exceptions:
        exception.reason = ENGLISH_REASONS.get(exception.reason, exception.reason)
    page.exceptions = exceptions


class DemoEnglish:
    """Mixed into `DemoLoader`: uses its data, locale and report."""

    def _translate(self, page, locale, **fields):
        """The page's translation into `locale`, copied, filled with `fields`
        and published if missing. Changes `fields` may need on child objects
        are made by the caller through the `edit` callback in `fields`."""
        existing = page.get_translation_or_none(locale)
        if existing is not None:
            return existing.specific
        edit = fields.pop("edit", None)
        translation = page.copy_for_translation(locale)
        credit = getattr(translation, "hero_credit", "")
        if credit.endswith(ILLUSTRATION_ID):
            translation.hero_credit = credit.replace(ILLUSTRATION_ID, ILLUSTRATION_EN)
        for name, value in fields.items():
            setattr(translation, name, value)
        if edit is not None:
            edit(translation)
        translation.save_revision().publish()
        self.report.count("English pages")
        return translation

    def _translate_folder(self, folder, locale):
        """A folder is translated when a first event in it is (editors can
        translate their folder themselves: simple translation offers it)."""
        title = (
            f"Events: {folder.regency.name}" if folder.regency_id else "Province events"
        )
        return self._translate(folder, locale, title=title)

    def load_english(self, home, regencies):
        """English versions of the site's pages, most brand pages, a few
        events and their folders. Some events stay Indonesian on purpose: the English calendar
        shows them marked "(in Indonesian)", and their editors see them in
        the "Pages without English" report."""
        en = Locale.objects.get(language_code="en")
        province = self.data["province"]
        self._translate(
            home,
            en,
            intro=province["intro_en"],
            search_description=province["intro_en"][:160],
        )
        calendar = EventIndexPage.objects.get(locale=self.locale)
        self._translate(
            calendar,
            en,
            title="Calendar of Events",
            intro="Events of Lampung province and its 15 regencies and cities: "
            "festivals, culture, sport and the weekly activities of the pavilions "
            "at PKOR Way Halim.",
        )
        index = BrandIndexPage.objects.get(locale=self.locale)
        self._translate(
            index,
            en,
            title="Regencies and Cities",
            intro="The fifteen regencies and cities of Lampung province, each with "
            "its own tourism brand.",
        )
        self._translate(
            DestinationIndexPage.objects.get(locale=self.locale),
            en,
            title="Destinations",
            intro="Beaches, mountains, lakes, culture, food and wildlife from all "
            "over Lampung.",
        )
        pkor = self.data["pkor"]
        venue_page = VenuePage.objects.get(locale=self.locale)
        self._translate(
            venue_page,
            en,
            intro=pkor["description_en"],
            body="<p>Facilities: " + ", ".join(pkor.get("facilities", [])) + ".</p>",
        )
        for item in self.data["pavilions"]:
            pavilion = PavilionPage.objects.filter(
                locale=self.locale, regency=regencies[item["regency"]]
            ).first()
            if pavilion is not None:
                self._translate(
                    pavilion,
                    en,
                    title=f"{regencies[item['regency']].short_name} Pavilion",
                    intro=item["description_en"],
                    opening_hours="Saturday–Sunday, 8:00 am–9:00 pm WIB",
                )
        # The last two regencies keep an Indonesian brand page only.
        for item in self.data["regencies"][:-2]:
            brand = BrandPage.objects.filter(
                locale=self.locale, regency=regencies[item["slug"]]
            ).first()
            if brand is not None:
                self._translate(
                    brand,
                    en,
                    intro=item["intro_en"],
                    search_description=item["intro_en"][:160],
                    edit=lambda page, item=item: _english_brand(page, item),
                )
        for item in self.data["festivals"]:
            if item["slug"] not in ENGLISH_FESTIVALS:
                continue
            event = EventPage.objects.filter(
                locale=self.locale, slug=item["slug"]
            ).first()
            if event is not None:
                self._translate_folder(event.get_parent().specific, en)
                self._translate(
                    event,
                    en,
                    summary=item["summary_en"],
                    description=f"<p>{item['description_en']}</p>",
                    status_reason=item.get("status_reason_en") or "",
                    price=item.get("price_note_en") or "",
                )
        activity = self.data["pavilion_activities"][0]
        event = EventPage.objects.filter(
            locale=self.locale, slug=slugify(activity["title"])[:80]
        ).first()
        if event is not None:
            self._translate_folder(event.get_parent().specific, en)
            self._translate(
                event,
                en,
                title=ENGLISH_ACTIVITY_TITLE,
                summary=activity["summary_en"],
                description=f"<p>{activity['summary_en']}</p>",
                edit=_english_exceptions,
            )
