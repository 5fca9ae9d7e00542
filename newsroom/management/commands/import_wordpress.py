"""manage.py import_wordpress EXPORT.xml [--media DIR] [--fetch-media] [--dry-run]

Imports a WordPress export (Tools → Export, or `wp export`): docs/wordpress.md.
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from newsroom.management.wordpress.importer import Importer
from newsroom.management.wordpress.parse import NotWXR
from newsroom.management.wordpress.report import Report


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): authors, sections, tags, posts, images, comments."

    def add_arguments(self, parser):
        parser.add_argument("export", help="The WXR file WordPress wrote.")
        parser.add_argument(
            "--media", metavar="DIR", help="A local copy of the site's wp-content/uploads."
        )
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download images missing from --media from the old site (images only, "
            "at most IMAGE_MAX_BYTES each, 15 s each).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything, store nothing."
        )
        parser.add_argument(
            "--report",
            metavar="FILE",
            default="wordpress-import-report.txt",
            help="Where the summary and every skipped or repaired item are written.",
        )

    def handle(self, *args, **options):
        path = Path(options["export"])
        media = Path(options["media"]) if options["media"] else None
        if media is not None and not media.is_dir():
            raise CommandError(f"--media {media}: not a folder")
        report = Report(stream=self.stdout, progress=sys.stdout.isatty())
        importer = Importer(
            path,
            report=report,
            media_dir=media,
            fetch_media=options["fetch_media"],
            dry_run=options["dry_run"],
        )
        try:
            importer.run()
        except NotWXR as exc:
            raise CommandError(f"{path}: {exc}") from None
        lines = report.summary_lines()
        if options["dry_run"]:
            lines.insert(0, "Dry run: nothing was stored.")
        self.stdout.write("\n".join(lines))
        report.write(options["report"])
        self.stdout.write(f"Report written to {options['report']}")
