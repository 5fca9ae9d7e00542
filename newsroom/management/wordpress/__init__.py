"""Importing a WordPress site from its export (WXR): `manage.py import_wordpress`.

parse.py reads the file as a stream; body.py turns post HTML into ours; media.py brings the
images; importer.py writes authors, terms, articles, comments and redirects; report.py counts.
Lives under newsroom/management/ because it is wiring: it writes both apps' models.
"""
