"""``hiroba create_member``: the operator's way to make the first manager (or any member).

The password is read from the terminal (or HIROBA_NEW_MEMBER_PASSWORD for scripts), never
from the command line where it would stay in the shell history.
"""

import getpass
import os

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hiroba.accounts.models import Role
from hiroba.accounts.services import register_member


class Command(BaseCommand):
    help = "Create a member with a verified e-mail address and a role (e.g. the first manager)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--handle", required=True)
        parser.add_argument("--display-name", required=True)
        parser.add_argument("--role", default=Role.MEMBER, choices=Role.values)

    def handle(self, *args, email, handle, display_name, role, **options):
        password = os.environ.get("HIROBA_NEW_MEMBER_PASSWORD") or getpass.getpass("Password: ")
        try:
            with transaction.atomic():
                member = register_member(
                    email=email,
                    password=password,
                    display_name=display_name,
                    handle=handle,
                    accepted_guidelines=True,
                    role=role,
                )
                EmailAddress.objects.create(
                    user=member, email=member.email, verified=True, primary=True
                )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {member} as {member.get_role_display()}."))
