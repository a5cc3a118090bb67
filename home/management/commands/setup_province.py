"""Apply the province's roles to this site (idempotent)."""

from django.core.management.base import BaseCommand

from core.models import Regency
from home.province import apply_roles


class Command(BaseCommand):
    help = (
        "Create or repair the roles of core.roles on this site: the moderators "
        "group, one editors group per regency, their permissions on the pages and "
        "image collections that exist, and the moderation workflow. Safe to run "
        "again; it never removes a permission given by hand."
    )

    def handle(self, *args, **options):
        if not Regency.objects.exists():
            self.stdout.write(
                self.style.WARNING(
                    "No regencies yet: only the moderators' roles and the workflow."
                )
            )
        applied = apply_roles()
        created = (
            ", ".join(f"{n} {what}" for what, n in applied.created.items() if n)
            or "nothing (already set up)"
        )
        self.stdout.write(self.style.SUCCESS(f"Roles ready. Created: {created}."))
