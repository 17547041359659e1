"""Fixtures of the survey tests (the helpers live in helpers.py)."""

import pytest
from django.utils import translation

from hiroba.surveys.tests.helpers import Built, build_survey


@pytest.fixture
def built(cm) -> Built:
    return build_survey(cm)


@pytest.fixture(autouse=True)
def english(settings):
    """The tests read messages in English (the source strings), whatever the default language:
    pages by Accept-Language (client_for), the API and services by this default."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield
