"""The production settings read from the environment (each case in a fresh interpreter)."""

import json
import os
import subprocess
import sys

import pytest

PRINT_SETTINGS = (
    "import json, config.settings as s; print(json.dumps({'db': s.DATABASES['default'], "
    "'session': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'], "
    "'fragments': s.CACHES['fragments']['BACKEND'], "
    "'huey': s.HUEY['huey_class'], 'https': s.HTTPS}, default=str))"
)


def settings_for(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("HIROBA_")}
    clean |= {
        "HIROBA_SECRET_KEY": "x" * 50,
        "HIROBA_DATA_DIR": os.environ.get("HIROBA_DATA_DIR", "/tmp"),
    }
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        env=clean | env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


def test_the_embedded_default_is_sqlite_with_a_database_cache_and_sqlite_jobs():
    found = settings_for()
    assert found["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert found["db"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert found["cache"].endswith("DatabaseCache")
    assert found["fragments"].endswith("LocMemCache")
    assert found["huey"] == "huey.SqliteHuey"
    assert found["https"] is True


def test_the_production_profile_pools_postgresql_and_uses_redis():
    found = settings_for(
        HIROBA_DATABASE_URL="postgres://hiroba@db.example:5432/hiroba",
        HIROBA_REDIS_URL="redis://cache.example:6379/0",
    )
    assert found["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert found["db"]["OPTIONS"]["pool"]["max_size"] == 10
    assert found["db"]["CONN_MAX_AGE"] == 0
    # Redis, where a call Redis does not answer is a miss; jobs it cannot take wait in the
    # database; sessions live in the database only, so that no Redis outage logs anyone out.
    assert found["cache"] == "hiroba.core.cache.FailSafeRedisCache"
    assert found["fragments"].endswith("LocMemCache")
    assert found["session"] == "hiroba.core.sessions"  # Django's database sessions
    assert found["huey"] == "hiroba.core.jobqueue.OutboxRedisHuey"


def test_pooling_can_be_turned_off_for_an_external_pooler():
    found = settings_for(
        HIROBA_DATABASE_URL="postgres://hiroba@db.example:5432/hiroba",
        HIROBA_DB_POOL="false",
        HIROBA_DB_CONN_MAX_AGE="60",
    )
    assert "pool" not in found["db"].get("OPTIONS", {})
    assert found["db"]["CONN_MAX_AGE"] == 60


def test_a_bad_value_fails_loudly():
    with pytest.raises(RuntimeError, match="HIROBA_DB_POOL must be true or false"):
        settings_for(HIROBA_DATABASE_URL="postgres://h@db/h", HIROBA_DB_POOL="maybe")
    with pytest.raises(RuntimeError, match="HIROBA_SECRET_KEY must be set"):
        settings_for(HIROBA_SECRET_KEY="")
