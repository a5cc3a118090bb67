"""Nothing lost: every save is a revision, two editors on one page keep both
versions and are warned, and a refused save keeps what was typed."""

from datetime import date

from django.contrib.auth.models import User
from django.test import TestCase

from wagtail.admin.models import EditingSession
from wagtail.models import Page, Revision

from events.models import EventFolderPage, EventIndexPage, EventPage
from home.models import HomePage
from tests.security.forms import form_data


class NothingLostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.first = User.objects.create_superuser(
            "penyunting.satu", "1@example.org", "x"
        )
        cls.second = User.objects.create_superuser(
            "penyunting.dua", "2@example.org", "x"
        )
        home = HomePage.objects.first() or Page.get_first_root_node()
        calendar = EventIndexPage(title="Agenda", slug="agenda-uji")
        home.add_child(instance=calendar)
        folder = EventFolderPage(title="Acara Provinsi", slug="provinsi")
        calendar.add_child(instance=folder)
        cls.event = EventPage(
            title="Festival Krakatau",
            slug="festival-krakatau",
            summary="Festival tahunan.",
            category="culture",
            start_date=date(2027, 7, 4),
        )
        folder.add_child(instance=cls.event)
        cls.event.save_revision(user=cls.first).publish()

    def open_editor(self, user):
        """GET the edit view as `user`: the form data and the editing session."""
        self.client.force_login(user)
        url = f"/admin/pages/{self.event.pk}/edit/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        session = EditingSession.objects.filter(
            user=user, object_id=str(self.event.pk)
        ).latest("pk")
        return form_data(response.content.decode(), "page-edit-form"), session

    def save(self, user, data, **changes):
        self.client.force_login(user)
        data = {**data, **{k: [v] for k, v in changes.items()}}
        return self.client.post(f"/admin/pages/{self.event.pk}/edit/", data)

    def test_every_save_is_kept_as_a_revision(self):
        """Three saves and a publication add four revisions; none is dropped
        and each keeps its own title."""
        before = set(self.event.revisions.values_list("pk", flat=True))
        data, _ = self.open_editor(self.first)
        for title in ("Versi satu", "Versi dua", "Versi tiga"):
            data, _ = self.open_editor(self.first)
            self.save(self.first, data, title=title)
        data, _ = self.open_editor(self.first)
        data["action-publish"] = ["1"]
        self.save(self.first, data, title="Versi terbit")
        revisions = Revision.objects.filter(object_id=str(self.event.pk)).order_by("pk")
        self.assertTrue(before <= set(revisions.values_list("pk", flat=True)))
        titles = [r.content["title"] for r in revisions if r.pk not in before]
        self.assertEqual(
            titles, ["Versi satu", "Versi dua", "Versi tiga", "Versi terbit"]
        )

    def test_two_editors_keep_both_versions_and_are_warned(self):
        """Both open the page; the second saves first. The first editor's
        editor is told of the newer version (the periodic ping), and when
        they save anyway both versions remain as revisions."""
        first_data, first_session = self.open_editor(self.first)
        second_data, _ = self.open_editor(self.second)
        loaded = first_data["loaded_revision_id"][0]

        self.save(self.second, second_data, title="Versi penyunting dua")
        self.client.force_login(self.first)
        ping = self.client.post(
            f"/admin/editing-sessions/ping/wagtailcore/page/{self.event.pk}/"
            f"{first_session.pk}/",
            {
                "revision_id": loaded,
                "revision_created_at": first_data["loaded_revision_created_at"][0],
                "is_editing": "1",
            },
        )
        others = ping.json()["other_sessions"]
        newer = [o for o in others if o["revision_id"]]
        self.assertEqual(len(newer), 1)
        self.assertEqual(
            newer[0]["user"], self.second.get_full_name() or "penyunting.dua"
        )

        self.save(self.first, first_data, title="Versi penyunting satu")
        titles = set(
            Revision.objects.filter(object_id=str(self.event.pk)).values_list(
                "content__title", flat=True
            )
        )
        self.assertTrue({"Versi penyunting dua", "Versi penyunting satu"} <= titles)

    def test_a_refused_save_keeps_what_was_typed(self):
        """A save with an error (the end before the start) shows the error and
        the form still holds the typed title and summary; no revision is made."""
        data, _ = self.open_editor(self.first)
        count = Revision.objects.count()
        response = self.save(
            self.first,
            data,
            title="Judul yang saya ketik",
            summary="Ringkasan yang saya ketik dengan susah payah.",
            end_date="2027-07-01",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Revision.objects.count(), count)
        self.assertContains(response, 'value="Judul yang saya ketik"')
        self.assertContains(response, "Ringkasan yang saya ketik dengan susah payah.")
        self.assertTrue(response.context["form"].errors)
