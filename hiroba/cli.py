"""The ``hiroba`` console command: Django's management commands with Hiroba's settings."""

import os
import sys
from pathlib import Path


def main() -> None:
    run(["hiroba", *sys.argv[1:]])


def run(argv: list[str]) -> None:
    """Run a management command (``manage.py`` calls this too).

    A bad setting stops the command with one line naming the variable and what is wrong, not
    with the traceback of the settings module's import.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    from config.env import ImproperlyConfiguredEnv

    try:
        execute_from_command_line(argv)
    except ImproperlyConfiguredEnv as error:
        sys.exit(f"{Path(argv[0]).name}: {error}")


if __name__ == "__main__":
    main()
