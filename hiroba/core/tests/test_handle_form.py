"""handle_form: the answers every page's form gives, whatever the service behind it."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect

from hiroba.core.errors import RateLimited, Refused
from hiroba.core.forms import handle_form


class NoteForm(forms.Form):
    title = forms.CharField()
    body = forms.CharField()


def _page(form):
    """The form page again: its status, and the errors it shows."""

    def page(status):
        response = HttpResponse(repr(dict(form.errors)), status=status)
        response.form_errors = form.errors
        return response

    return page


def _handle(form, act, **options):
    acted = []

    def act_and_note(data):
        acted.append(data)
        return act(data)

    response = handle_form(
        form,
        act=act_and_note,
        done=lambda made: HttpResponseRedirect(f"/notes/{made}"),
        page=_page(form),
        **options,
    )
    return response, acted


def _refuse(refusal):
    def act(_data):
        raise refusal

    return act


def _sent(**data):
    return NoteForm({"title": "Hello", "body": "Some text"} | data)


def test_a_valid_form_runs_the_service_and_answers_what_done_says():
    response, acted = _handle(_sent(), lambda data: 7)

    assert acted == [{"title": "Hello", "body": "Some text"}]
    assert response.status_code == 302 and response["Location"] == "/notes/7"


def test_an_unsent_form_is_shown_with_200_and_runs_nothing():
    response, acted = _handle(NoteForm(), lambda data: 7)

    assert response.status_code == 200 and not response.form_errors
    assert acted == []


def test_an_invalid_form_is_shown_again_with_422_and_runs_nothing():
    response, acted = _handle(_sent(body=""), lambda data: 7)

    assert response.status_code == 422
    assert list(response.form_errors) == ["body"]
    assert acted == []


def test_the_services_validation_error_shows_beside_its_field_with_422():
    response, _acted = _handle(
        _sent(), _refuse(ValidationError({"headline": "Too long.", "other": "Wrong."})),
        fields={"headline": "title"},
    )  # fmt: skip

    assert response.status_code == 422
    assert response.form_errors["title"] == ["Too long."]
    # A field the form does not have: the message shows above the form.
    assert response.form_errors["__all__"] == ["Wrong."]


def test_a_plain_validation_error_shows_above_the_form_with_422():
    response, _acted = _handle(_sent(), _refuse(ValidationError("Not now.")))

    assert response.status_code == 422
    assert response.form_errors["__all__"] == ["Not now."]


def test_a_refusal_goes_to_the_refusal_page_by_default():
    refusal = Refused("You are suspended.", code="suspended")
    form = _sent()

    with pytest.raises(Refused) as raised:
        _handle(form, _refuse(refusal))

    assert raised.value is refusal
    assert not form.errors


def test_a_refusal_on_the_form_keeps_the_text_with_the_reason_and_a_403():
    form = _sent()

    response, _acted = _handle(
        form, _refuse(Refused("You are suspended.", code="suspended")), refusal_on_form=True
    )

    assert response.status_code == 403
    assert response.form_errors["__all__"] == ["You are suspended."]
    assert form.data["body"] == "Some text"
    assert "Retry-After" not in response


def test_a_rate_limit_on_the_form_answers_429_with_retry_after():
    response, _acted = _handle(
        _sent(), _refuse(RateLimited("Too many posts.", retry_after=42)), refusal_on_form=True
    )

    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert response.form_errors["__all__"] == ["Too many posts."]
