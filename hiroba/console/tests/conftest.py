# The members pages' tests work out scores by hand with the activity tests' round numbers.
from hiroba.activity.tests.conftest import health_settings  # noqa: F401
