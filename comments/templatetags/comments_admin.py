from django import template

from comments.models import Comment
from comments.permissions import can_moderate

register = template.Library()


@register.inclusion_tag("comments/_pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """The admin index's "N comments await moderation" line, for those who moderate."""
    if not can_moderate(context["request"].user):
        return {"show": False}
    return {"show": True, "count": Comment.objects.pending().count()}
