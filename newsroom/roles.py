"""The newsroom's three staff roles: which permissions each group holds.

The roles migrations (newsroom/migrations/) install them in every database, so
a newspaper that runs `migrate` and `createsuperuser` has Journalists, Editors and Moderators:
adding a staff account to one of them is all it takes to give that person the role
(docs/editorial.md, docs/desk.md). `seed_demo` only adds the demo accounts to them.

This is the current table. Each migration keeps its own frozen copy of what it adds (0001 the
first roles, 0002 the notes and redirects, 0003 the static pages, 0004 the commenters'
standing): a migration that read this module would, on a fresh database, ask for permissions
of models that later migrations create. A change here therefore comes with a new newsroom
migration that adds the same permissions (tests/newsroom/test_roles.py checks that the
migrations add up to this table). install_roles adds, never removes: a group a site extended
keeps what it was given; seed_demo and the test factories call it.
"""

from django.apps import apps as live_apps

# Commenters' standing and the blocks (comments/standing.py), with their history: kept by
# Editors and Moderators alike.
COMMENTER_STANDING = [
    "comments.view_commenterstanding",
    "comments.add_commenterstanding",
    "comments.change_commenterstanding",
    "comments.view_commenterblock",
    "comments.add_commenterblock",
    "comments.change_commenterblock",
    "comments.delete_commenterblock",
    "comments.view_standingchange",
]

ROLES = {
    # Write and edit their own drafts and send them to review; they cannot publish.
    "Journalists": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.view_category",
        "articles.add_tag",
        "articles.view_tag",
        "articles.view_authorprofile",
        "articles.change_authorprofile",
        # Editors' notes on the articles they write (articles/notes.py).
        "articles.view_articlenote",
        "articles.add_articlenote",
        "articles.change_articlenote",
    ],
    # Publish; keep sections, tags, corrections, profiles and redirects; moderate comments too.
    "Editors": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.publish_article",
        "articles.add_category",
        "articles.change_category",
        "articles.view_category",
        "articles.add_tag",
        "articles.change_tag",
        "articles.delete_tag",
        "articles.view_tag",
        "articles.add_correction",
        "articles.change_correction",
        "articles.delete_correction",
        "articles.view_correction",
        "articles.add_authorprofile",
        "articles.change_authorprofile",
        "articles.view_authorprofile",
        "articles.view_articlenote",
        "articles.add_articlenote",
        "articles.change_articlenote",
        "articles.view_redirect",
        "articles.add_redirect",
        "articles.change_redirect",
        "articles.delete_redirect",
        # Static pages (articles/pages.py).
        "articles.add_page",
        "articles.change_page",
        "articles.delete_page",
        "articles.view_page",
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.moderate_comment",
        "comments.view_commentevent",
        "comments.view_moderationword",
        "comments.add_moderationword",
        "comments.change_moderationword",
        "comments.delete_moderationword",
        *COMMENTER_STANDING,
    ],
    # The comment desk and its blocked words (and reading the articles comments belong to).
    "Moderators": [
        "articles.view_article",
        "comments.view_comment",
        "comments.change_comment",
        "comments.moderate_comment",
        "comments.view_commentevent",
        "comments.view_moderationword",
        "comments.add_moderationword",
        "comments.change_moderationword",
        "comments.delete_moderationword",
        *COMMENTER_STANDING,
    ],
}


def install_roles(apps=live_apps):
    """Create the groups of ROLES (if missing) and give them their permissions, which must
    exist. `apps` is the migration's historical registry, or the live one."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = {tuple(dotted.split(".")) for names in ROLES.values() for dotted in names}
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app_label for app_label, _ in wanted},
            codename__in={codename for _, codename in wanted},
        )
    }
    missing = sorted(".".join(key) for key in wanted - found.keys())
    if missing:
        raise LookupError(f"Permissions the staff roles need do not exist: {missing}")
    for name, dotted_names in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*(found[tuple(dotted.split("."))] for dotted in dotted_names))
