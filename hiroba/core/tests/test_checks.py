from django.core.checks.registry import registry

from hiroba.core.checks import check_postgres_has_redis, postgres_redis_warnings


def test_postgres_without_redis_is_flagged():
    warnings = postgres_redis_warnings("django.db.backends.postgresql", "")
    assert [w.id for w in warnings] == ["hiroba.W001"]
    assert (
        postgres_redis_warnings("django.db.backends.postgresql", "redis://127.0.0.1:6379/0") == []
    )
    assert postgres_redis_warnings("django.db.backends.sqlite3", "") == []


def test_the_check_runs_with_check_deploy():
    assert check_postgres_has_redis in registry.get_checks(include_deployment_checks=True)
    assert check_postgres_has_redis not in registry.get_checks(include_deployment_checks=False)
