"""View restrictions (private, password) read in one query before serving a
page, and inside listing queries."""

from decimal import Decimal

from django.test import TestCase

from wagtail.models import PageViewRestriction

from brands.models import BrandIndexPage, BrandPage, DestinationIndexPage
from core.models import Regency
from home.models import HomePage


def regency(slug: str, code: str) -> Regency:
    return Regency.objects.create(
        slug=slug,
        name=f"Kabupaten {slug.title()}",
        short_name=slug.title(),
        kind="kabupaten",
        seat="Kota",
        code=code,
        latitude=Decimal("-5"),
        longitude=Decimal("105"),
    )


class ViewRestrictionTests(TestCase):
    """Two brand pages under a regency index; a third under a private index."""

    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.index = cls.home.add_child(
            instance=BrandIndexPage(title="Kabupaten", slug="kabupaten")
        )
        cls.open, cls.locked = (
            cls.index.add_child(
                instance=BrandPage(
                    title=name,
                    slug=slug,
                    regency=regency(slug, code),
                    brand_name=f"Pesona {name}",
                    intro="Pengantar.",
                )
            )
            for name, slug, code in (
                ("Terbuka", "terbuka", "18.91"),
                ("Terkunci", "terkunci", "18.92"),
            )
        )
        PageViewRestriction.objects.create(
            page=cls.locked,
            restriction_type=PageViewRestriction.PASSWORD,
            password="rahasia-2027",
        )

    def test_restrictions_of_a_page_and_its_ancestors_come_in_one_query(self):
        """A restriction on the page or any ancestor is found in one query."""
        with self.assertNumQueries(1):
            self.assertEqual(len(self.open.get_view_restrictions()), 0)
        with self.assertNumQueries(1):
            self.assertEqual(len(self.locked.get_view_restrictions()), 1)
        PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(len(self.open.get_view_restrictions()), 1)
        self.assertEqual(len(self.locked.get_view_restrictions()), 2)

    def test_alias_takes_its_source_pages_restrictions(self):
        """An alias of a password-protected page asks for the password too."""
        source = self.home.add_child(
            instance=DestinationIndexPage(title="Destinasi", slug="destinasi")
        )
        PageViewRestriction.objects.create(
            page=source,
            restriction_type=PageViewRestriction.PASSWORD,
            password="rahasia-2027",
        )
        alias = source.create_alias(parent=self.index, update_slug="salinan")
        restrictions = list(alias.specific.get_view_restrictions())
        self.assertEqual([r.page_id for r in restrictions], [source.pk])
        response = self.client.get("/kabupaten/salinan/")
        self.assertContains(response, 'name="password"')

    def test_restricted_pages_are_not_served_to_the_public(self):
        """The open page is served, the password page asks for the password,
        and a login restriction on the index sends visitors to log in."""
        self.assertEqual(self.client.get("/kabupaten/terbuka/").status_code, 200)
        response = self.client.get("/kabupaten/terkunci/")
        self.assertContains(response, 'name="password"')
        self.assertNotContains(response, "Pesona Terkunci")
        PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.LOGIN
        )
        response = self.client.get("/kabupaten/terbuka/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_listings_leave_out_restricted_pages(self):
        """Listings keep only pages outside every restriction."""
        visible = BrandPage.objects.visible()
        self.assertEqual(list(visible), [self.open])
        PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(list(BrandPage.objects.visible()), [])
