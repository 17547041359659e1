"""Events: members list them, read one, apply (with companions and answers to its questions) and
cancel; editors and managers create, change and publish them, set the application form's
questions and list an event's applications.

The same services and rules as the pages. An event a caller may not see (a draft, a restricted
space's, a segment's they are outside of) is the same 404 as a missing one, whatever the
operation; staff operations are 403 for members (401 without a login) before any lookup, so they
reveal nothing either. A second application is 409; answers that do not fit their questions are
422 with the messages keyed ``q<question id>``, bad questions 422 keyed
``questions.<index>.<field>``.
"""

from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from hiroba.accounts.permissions import require_login
from hiroba.community.permissions import access_space
from hiroba.core.api.body import JsonBody
from hiroba.core.api.params import MAX_ID, check_slug
from hiroba.core.api.schemas import ERRORS, ErrorOut
from hiroba.events import selectors, services
from hiroba.events.models import Event
from hiroba.events.permissions import (
    access_application,
    access_event,
    is_event_staff,
    may_see_online_url,
    require_event_staff,
)
from hiroba.events.questions import event_questions
from hiroba.events.schemas import (
    ApplicationListParams,
    ApplicationOut,
    ApplyIn,
    EventDetailOut,
    EventIn,
    EventListParams,
    EventPageOut,
    EventPatch,
    EventQuestionListOut,
    EventQuestionsIn,
    MyApplicationPageOut,
    PageParams,
    StaffApplicationPageOut,
)

router = Router()

Id = Annotated[int, Path(ge=1, le=MAX_ID)]
WRITE_ERRORS = {**ERRORS, 409: ErrorOut}
# PATCH fields where null means "none" (clear it); elsewhere null means "leave it as it is".
NULLABLE = frozenset({"space", "audience_segment_id", "cancel_deadline", "confirm_deadline"})


def _staff(request: HttpRequest):
    actor = request.auth
    require_login(actor)
    require_event_staff(actor)
    return actor


def _space(actor, slug: str | None):
    return None if slug is None else access_space(actor, check_slug(slug))


def _detail(actor, event: Event) -> Event:
    """The event with what the caller may read of it: their application, the online address
    when they hold a seat (or run it), the segment for staff."""
    mine = selectors.viewer_application(actor, event)
    event.my_application = mine
    event.shows_online_url = may_see_online_url(actor, event, mine)
    event.for_staff = is_event_staff(actor)
    event.question_list = event_questions(event)
    return event


@router.get("", response={200: EventPageOut, **ERRORS}, summary="Events: upcoming or past")
def list_events(request: HttpRequest, params: Query[EventListParams]):
    read = (
        selectors.upcoming_events_page if params.when == "upcoming" else selectors.past_events_page
    )
    page = read(request.auth, cursor=params.cursor, size=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "", response={201: EventDetailOut, **ERRORS}, summary="Create an event, as a draft (staff)"
)
def create_event(request: HttpRequest, payload: JsonBody[EventIn]):
    actor = _staff(request)
    fields = payload.dict()
    fields["space"] = _space(actor, fields["space"])
    event = services.create_event(actor=actor, **fields)
    return Status(201, _detail(actor, access_event(actor, event.pk)))


@router.get(
    "/applications/mine",
    response={200: MyApplicationPageOut, **ERRORS},
    summary="My applications, newest first",
)
def my_applications(request: HttpRequest, params: Query[PageParams]):
    actor = request.auth
    require_login(actor)
    page = selectors.my_applications_page(actor, cursor=params.cursor, size=params.limit)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.post(
    "/applications/{application_id}/cancel",
    response={200: ApplicationOut, **ERRORS},
    summary="Cancel an application (one's own; staff: anyone's)",
)
def cancel_application(request: HttpRequest, application_id: Id):
    actor = request.auth
    require_login(actor)
    application = access_application(actor, application_id)
    return services.cancel_application(actor=actor, application=application)


@router.get("/{event_id}", response={200: EventDetailOut, **ERRORS}, summary="An event")
def get_event(request: HttpRequest, event_id: Id):
    actor = request.auth
    return _detail(actor, access_event(actor, event_id))


@router.patch(
    "/{event_id}", response={200: EventDetailOut, **ERRORS}, summary="Change an event (staff)"
)
def update_event(request: HttpRequest, event_id: Id, payload: JsonBody[EventPatch]):
    actor = _staff(request)
    event = access_event(actor, event_id)
    changes = {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }
    if "space" in changes:
        changes["space"] = _space(actor, changes["space"])
    event, _changed = services.update_event(actor=actor, event=event, **changes)
    return _detail(actor, access_event(actor, event.pk))


@router.post(
    "/{event_id}/publish",
    response={200: EventDetailOut, **ERRORS},
    summary="Publish a draft: members it is for see it (staff)",
)
def publish_event(request: HttpRequest, event_id: Id):
    actor = _staff(request)
    event = services.publish_event(actor=actor, event=access_event(actor, event_id))
    return _detail(actor, event)


@router.put(
    "/{event_id}/questions",
    response={200: EventQuestionListOut, **ERRORS},
    summary="Set the application form's questions, until the first application (staff)",
)
def set_questions(request: HttpRequest, event_id: Id, payload: JsonBody[EventQuestionsIn]):
    actor = _staff(request)
    event = access_event(actor, event_id)
    questions = services.set_event_questions(
        actor=actor, event=event, questions=[q.dict() for q in payload.questions]
    )
    return {"event": event.pk, "questions": questions}


@router.post(
    "/{event_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    summary="Apply, with companions and answers (409 if already applied)",
)
def apply(request: HttpRequest, event_id: Id, payload: JsonBody[ApplyIn]):
    actor = request.auth
    require_login(actor)
    event = access_event(actor, event_id)
    application = services.apply_to_event(
        actor=actor, event=event, companions=payload.companions, answers=payload.answers
    )
    return Status(201, application)


@router.get(
    "/{event_id}/applications",
    response={200: StaffApplicationPageOut, **ERRORS},
    summary="An event's applications, first applied first (staff)",
)
def list_applications(request: HttpRequest, event_id: Id, params: Query[ApplicationListParams]):
    actor = _staff(request)
    event = access_event(actor, event_id)
    page = selectors.event_applications_page(
        event, state=params.state, cursor=params.cursor, size=params.limit
    )
    return {"items": page.items, "next_cursor": page.next_cursor}
