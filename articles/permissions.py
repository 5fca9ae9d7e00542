"""Who may do what with articles: the permission names and the checks, in one place.

An editor is whoever holds PUBLISH (the Editors group has it in every install); a journalist
holds the add, change and view permissions without it. Views, the admin and the templates ask
here rather than spelling the names again (docs/editorial.md).

Ownership: a journalist sees, previews and edits only the articles they are an author of (and
reads the published ones, as readers do); editors see and edit all. The same rule serves the
admin's list and change form, the reader URL's preview, the versions and the workflow actions:
`can_view`/`can_edit` for one article, `visible_to`/`editable_by` for a queryset.
"""

from django.db.models import Q
from django.utils import timezone

from articles.models import ArticleAuthor

PUBLISH = "articles.publish_article"
ADD = "articles.add_article"
CHANGE = "articles.change_article"
VIEW = "articles.view_article"


def can_publish(user) -> bool:
    """Publish, schedule, send back, return to draft, breaking news, corrections, any byline."""
    return user.has_perm(PUBLISH)


def is_author(user, article) -> bool:
    """Whether the user signs the article, first or as a co-author."""
    if not user.is_authenticated:
        return False
    if article.author_id == user.pk:
        return True
    return article.pk is not None and any(
        link.user_id == user.pk for link in article.coauthor_links.all()
    )


def _authored(user) -> Q:
    return Q(author_id=user.pk) | Q(
        pk__in=ArticleAuthor.objects.filter(user_id=user.pk).values("article_id")
    )


def can_view(user, article) -> bool:
    """An article readers see is for every staff member; the others (drafts, in review,
    scheduled) for their authors and the editors only."""
    return article is None or article.is_published or can_publish(user) or is_author(user, article)


def can_edit(user, article) -> bool:
    """Beyond the change permission: editors edit every article; a journalist only their own,
    and only until it is published (then the editors' alone)."""
    if article is None or can_publish(user):
        return True
    return is_author(user, article) and article.status != article.Status.PUBLISHED


def visible_to(user, queryset):
    """The articles of `queryset` that `user` may open: everything for editors; for others
    their own and the ones readers see."""
    if can_publish(user):
        return queryset
    now = timezone.now()
    live = Q(status=queryset.model.Status.PUBLISHED, published_at__lte=now)
    return queryset.filter(live | _authored(user))


def editable_by(user, queryset):
    """The articles of `queryset` that `user` may change (`can_edit` for a queryset)."""
    if can_publish(user):
        return queryset
    return queryset.filter(_authored(user)).exclude(status=queryset.model.Status.PUBLISHED)


def can_see_versions(user, article) -> bool:
    """An article's versions are for editors and for its authors."""
    return can_publish(user) or is_author(user, article)


def can_upload_images(user) -> bool:
    """The body editor's image upload: whoever may write an article."""
    return user.has_perm(ADD) or user.has_perm(CHANGE)


def manages_every_author(user) -> bool:
    """Editors keep every journalist's author page; anyone else, only their own."""
    return can_publish(user)


NOTE_VIEW = "articles.view_articlenote"
NOTE_ADD = "articles.add_articlenote"
NOTE_RESOLVE = "articles.change_articlenote"


def note_access(user, article) -> str:
    """What `user` may do with the article's editors' notes: "none" when the article itself is
    hidden from them (another's draft: answer 404, as for the article), "forbidden" when they see
    the article but hold no notes permission (a moderator: 403), else "read"; who reads them
    also adds and resolves when they hold those permissions (note_may). The ownership rule is the
    articles': editors on every article, a journalist on the articles they are an author of
    (published ones too: a note may be about a published story)."""
    if not (can_publish(user) or is_author(user, article)):
        return "none" if not can_view(user, article) else "forbidden"
    return "read" if user.has_perm(NOTE_VIEW) else "forbidden"


def note_may(user, article, permission: str) -> bool:
    """Whether `user` may add (NOTE_ADD) or resolve (NOTE_RESOLVE) notes on the article."""
    return note_access(user, article) == "read" and user.has_perm(permission)
