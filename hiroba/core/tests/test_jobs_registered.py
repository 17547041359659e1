"""Every periodic job is registered once Django is set up, as in the job consumer's process: the
consumer autodiscovers only modules named ``tasks``, so a ``jobs`` module that only a service
imported would never run there. Checked in a fresh interpreter (this test process has imported
every service already)."""

import json
import subprocess
import sys

SCRIPT = """
import json, django
django.setup()
from huey.contrib.djhuey import HUEY
print(json.dumps(sorted(task.name for task in HUEY._registry.periodic_tasks)))
"""


def test_every_periodic_job_is_registered_at_start_up(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "config.settings", "HIROBA_DEBUG": "true",
           "HIROBA_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    ).stdout
    names = set(json.loads(out.strip().splitlines()[-1]))
    assert {
        "clear_expired_sessions",
        "hand_over_kept_jobs",
        "lift_expired_suspensions_job",
        "publish_scheduled_articles",
        "purge_old_notifications_job",
        "refresh_health",
        "rollup_recent_job",
    } <= names
