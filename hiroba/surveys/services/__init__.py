"""Every change to surveys: building and publishing them (staff), answering them (members)."""

from hiroba.surveys.services.building import (
    add_question,
    change_close_date,
    close_survey,
    create_survey,
    move_question,
    publish_survey,
    record_export,
    remove_question,
    update_question,
    update_survey,
)
from hiroba.surveys.services.responding import change_response, submit_response

__all__ = [
    "add_question",
    "change_close_date",
    "change_response",
    "close_survey",
    "create_survey",
    "move_question",
    "publish_survey",
    "record_export",
    "remove_question",
    "submit_response",
    "update_question",
    "update_survey",
]
