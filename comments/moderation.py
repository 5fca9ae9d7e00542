"""Submitting a comment: the one workflow of the comments app."""

from dataclasses import dataclass

from django.db import transaction

from comments.models import Comment


@dataclass(frozen=True)
class Submission:
    """What a reader sent, and where from: everything the rules and Akismet need."""

    article: object
    parent: Comment | None
    author_name: str
    author_email: str
    author_url: str
    content: str
    ip: str | None
    user_agent: str = ""
    referrer: str = ""
    user: object = None
    honeypot: str = ""

    @classmethod
    def from_form(cls, form, request):
        data = form.cleaned_data
        user = request.user if request.user.is_authenticated else None
        return cls(
            article=form.article,
            parent=data["comment_parent"],
            author_name=data["author"],
            author_email=data["email"],
            author_url=data["url"],
            content=data["comment"],
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:1000],
            referrer=request.META.get("HTTP_REFERER", "")[:1000],
            user=user,
            honeypot=data["ak_hp_textarea"],
        )


def client_ip(request):
    return request.META.get("REMOTE_ADDR") or None


@transaction.atomic
def submit_comment(submission: Submission) -> Comment:
    """Store the comment; it waits for a moderator."""
    parent = submission.parent
    return Comment.objects.create(
        article=submission.article,
        parent=parent,
        depth=parent.depth + 1 if parent else 1,
        author_name=submission.author_name,
        author_email=submission.author_email,
        author_url=submission.author_url,
        content=submission.content,
        user=submission.user,
        ip=submission.ip,
        user_agent=submission.user_agent,
        referrer=submission.referrer,
        status=Comment.Status.PENDING,
    )
