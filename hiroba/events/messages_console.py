"""What the console's event screens register with lower apps and within events: the
notification verb of staff messages to participants, and the funnel's survey-answers stage."""

from django.utils.translation import gettext_lazy as _

from hiroba.events.funnel import event_survey_answers, register_funnel_stage
from hiroba.events.staff import MESSAGE_VERB
from hiroba.notifications.messages import Category, register


def register_console() -> None:
    register(
        MESSAGE_VERB,
        _("About “%(event)s”: %(subject)s — %(body)s"),
        category=Category.OWN,
    )
    register_funnel_stage("survey_answers", _("Survey answers"), event_survey_answers)
