"""Give every application made before ticket codes existed a code of its own.

New applications get theirs in ``apply_to_event`` (hiroba/events/tickets.py). The alphabet and
length are copied here, as a migration must not change when the app's code does.
"""

import secrets

from django.db import migrations

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
LENGTH = 8
BATCH = 500


def give_codes(apps, schema_editor):
    Application = apps.get_model("events", "Application")
    missing = Application.objects.filter(ticket_code="").order_by("event_id", "pk")
    taken: dict[int, set[str]] = {}
    while True:
        batch = list(missing.only("pk", "event_id")[:BATCH])
        if not batch:
            return
        for application in batch:
            if application.event_id not in taken:
                taken[application.event_id] = set(
                    Application.objects.filter(event_id=application.event_id)
                    .exclude(ticket_code="")
                    .values_list("ticket_code", flat=True)
                )
            used = taken[application.event_id]
            code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
            while code in used:
                code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
            used.add(code)
            application.ticket_code = code
        Application.objects.bulk_update(batch, ["ticket_code"])


class Migration(migrations.Migration):
    dependencies = [("events", "0004_after_reports")]

    operations = [migrations.RunPython(give_codes, migrations.RunPython.noop, elidable=True)]
