from django import template

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("comments/_pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """The admin index's "N comments await moderation" line, for those who moderate."""
    user = context["request"].user
    if not user.has_perm("comments.moderate_comment"):
        return {"show": False}
    return {"show": True, "count": Comment.objects.pending().count()}
