from django.core.management.base import BaseCommand

from comments.models import Comment


class Command(BaseCommand):
    help = (
        "Render and store the HTML of comments that have none yet (rows older than the stored "
        "HTML, or a language added since). --all renders every comment again: after changing "
        "the comment templates, the date formats, a translation or TIME_ZONE."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Render every comment again, not only the missing."
        )

    def handle(self, *args, **options):
        comments = Comment.objects.all() if options["all"] else Comment.objects.unrendered()
        count = comments.store_html()
        self.stdout.write(f"Rendered {count} comment(s).")
