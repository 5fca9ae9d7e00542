"""A reader's request about their data: `comment_data export EMAIL` prints JSON of every
comment written under that address with all personal data stored with it; `comment_data erase
EMAIL` anonymises those comments (`--delete` removes them). The erasure is logged, the address
is not."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from comments import privacy


class Command(BaseCommand):
    help = "Export or erase the comments and personal data of one e-mail address."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("email")
        parser.add_argument(
            "--delete", action="store_true", help="erase: delete the comments, not anonymise"
        )

    def handle(self, *args, action, email, delete, **options):
        try:
            validate_email(email.strip())
        except ValidationError as error:
            raise CommandError(f"Not an e-mail address: {email!r}") from error
        if action == "export":
            data = privacy.export(email)
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        count = privacy.erase(email, delete=delete)
        done = "deleted" if delete else "anonymised"
        self.stdout.write(f"{count} comment(s) {done}.")
