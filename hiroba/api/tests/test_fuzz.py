"""Schemathesis over every operation of the document: generated requests, valid and invalid, get
no 5xx and no answer outside what the document says (status, media type, body schema).

Bounded: a few examples per operation (FUZZ_EXAMPLES), derandomized so that a run is repeatable
and CI cannot turn red by chance. Requests go in-process to Django's WSGI handler, in the test's
database, with a small community seeded so that ids in the path often name real rows.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings, strategies
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from hiroba.api.api import api
from hiroba.api.tests.world import seed_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
NEGATIVE = GenerationMode.NEGATIVE
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def world(db, settings, cm, alice, bob, recipes):
    for action in ("POST", "COMMENT", "REACTION", "POLL_VOTE", "REPORT"):
        setattr(settings, f"HIROBA_RATE_{action}", "100000/60")
    return seed_world(cm=cm, alice=alice, bob=bob, recipes=recipes)


# Built once at collection: the document needs no database.
SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_api_answers_as_documented(operation, world, wsgi_app):
    calls = iter(range(10**6))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategies.one_of(operation.as_strategy(), operation.as_strategy(NEGATIVE)))
    def answers_as_documented(case):
        case.path_parameters = world.aim(case.path_parameters)
        case.body = world.aim_body(case.body)
        # Every third call as alice (who wrote the post, question, idea and poll), else the manager.
        secret = world.secrets[1 if next(calls) % 3 == 2 else 0]
        headers = {"Authorization": f"Bearer {secret}"}
        case.call_and_validate(app=wsgi_app, headers=headers, checks=CHECKS)

    answers_as_documented()
