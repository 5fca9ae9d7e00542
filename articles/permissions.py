"""Who may do what with articles: the permission names and the checks, in one place.

An editor is whoever holds PUBLISH (the Editors group has it in every install); a journalist
holds the add, change and view permissions without it. Views, the admin and the templates ask
here rather than spelling the names again (docs/editorial.md).
"""

PUBLISH = "articles.publish_article"
ADD = "articles.add_article"
CHANGE = "articles.change_article"
VIEW = "articles.view_article"


def can_publish(user) -> bool:
    """Publish, schedule, send back, return to draft, breaking news, corrections, any byline."""
    return user.has_perm(PUBLISH)


def can_edit(user, article) -> bool:
    """Beyond the change permission: a published article is the editors'; others only read it."""
    return article is None or article.status != article.Status.PUBLISHED or can_publish(user)


def can_see_versions(user, article) -> bool:
    """An article's versions are for editors and for its own journalist."""
    return can_publish(user) or (article.author_id is not None and article.author_id == user.pk)


def can_upload_images(user) -> bool:
    """The body editor's image upload: whoever may write an article."""
    return user.has_perm(ADD) or user.has_perm(CHANGE)


def manages_every_author(user) -> bool:
    """Editors keep every journalist's author page; anyone else, only their own."""
    return can_publish(user)
