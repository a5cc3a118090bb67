"""`setup_province`: the roles on a site without the demo, idempotently."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase

from wagtail.models import GroupPagePermission, Workflow

from core.roles import MODERATION, PROVINCIAL_MODERATOR
from tests.events.factories import calendar_tree


def setup_province() -> str:
    out = StringIO()
    call_command("setup_province", stdout=out)
    return out.getvalue()


class SetupProvinceTests(TestCase):
    def test_without_regencies_sets_up_the_moderators_and_workflow(self):
        """A fresh site gets the moderators group and the workflow, and is told
        that the regencies' roles wait for regencies."""
        output = setup_province()
        self.assertIn("No regencies yet", output)
        self.assertIn("1 groups", output)
        moderators = Group.objects.get(name=PROVINCIAL_MODERATOR.group_name)
        self.assertIs(
            GroupPagePermission.objects.filter(group=moderators).exists(), True
        )
        self.assertIs(Workflow.objects.get(name=MODERATION.workflow_name).active, True)

    def test_gives_each_regency_its_editors_and_second_run_creates_nothing(self):
        tree = calendar_tree()
        output = setup_province()
        self.assertNotIn("No regencies yet", output)
        self.assertIn("3 groups", output)
        for regency in tree.regencies.values():
            regency.refresh_from_db()
            self.assertIsNotNone(regency.editors)
        groups = Group.objects.count()
        self.assertIn("Created: nothing (already set up).", setup_province())
        self.assertEqual(Group.objects.count(), groups)
