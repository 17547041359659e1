from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def check_postgres_has_redis(app_configs, **kwargs):
    return postgres_redis_warnings(settings.DATABASES["default"]["ENGINE"], settings.REDIS_URL)


def postgres_redis_warnings(engine: str, redis_url: str) -> list[Warning]:
    """Rate limits count with cache.incr, which is atomic on Redis but not on the database cache."""
    if engine.endswith("postgresql") and not redis_url:
        return [
            Warning(
                "PostgreSQL without Redis: rate limits would use the database cache, whose "
                "counters are not atomic across processes.",
                hint="Set HIROBA_REDIS_URL (the production profile runs Redis).",
                id="hiroba.W001",
            )
        ]
    return []
