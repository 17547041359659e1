"""Fixtures of the survey tests (the helpers live in helpers.py)."""

import pytest

from hiroba.surveys.tests.helpers import Built, build_survey


@pytest.fixture
def built(cm) -> Built:
    return build_survey(cm)
