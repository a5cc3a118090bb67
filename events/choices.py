"""The calendar's categories: on the event form, the filters, feeds and exports."""

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class EventCategory(TextChoices):
    CULTURE = "culture", _("culture and custom")
    TOURISM = "tourism", _("tourism")
    CREATIVE_ECONOMY = "creative_economy", _("creative economy")
    SPORT_TOURISM = "sport_tourism", _("sport tourism")
    EDUCATION_ENVIRONMENT = "education_environment", _("education and environment")
    RELIGIOUS = "religious", _("religious")
