"""The links of the reply e-mails (docs/comments.md, "Reply notifications"): confirming an
address, and unsubscribing (RFC 8058 one-click, or the page's buttons).

Both are authenticated by their signed token, not by a session: they are csrf_exempt and need
no cookie, since a mail client's one-click POST sends neither. A GET never changes anything (link
scanners follow links in e-mail): it shows a page with a button. A bad or expired token is a 400
page, a token for an address no longer stored a 404 page; never a 500.
"""

from django.core import signing
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt

from comments import replymail, subscribing
from newsroom.pagecache import mark_private

ONE_CLICK = "One-Click"  # RFC 8058: the body is List-Unsubscribe=One-Click


def _page(request, template, context=None, *, status=200):
    response = render(request, f"comments/{template}", context or {}, status=status)
    mark_private(response)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _broken(request, status):
    message = (
        gettext("This link is not valid, or it has expired.")
        if status == 400
        else gettext("This address is no longer on our list.")
    )
    return _page(request, "mail_link.html", {"message": message}, status=status)


@csrf_exempt
def confirm_address(request, token):
    """GET: a page with the confirmation button. POST: the address is confirmed."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        address = replymail.address_of_confirm_token(token)
    except signing.BadSignature:
        return _broken(request, 400)
    if address is None:
        return _broken(request, 404)
    if address.opted_out_at is not None:
        message = gettext("You asked for no mail from this site; nothing will be sent.")
        return _page(request, "mail_link.html", {"message": message})
    if request.method == "POST":
        subscribing.confirm(address)
        address.refresh_from_db()
    return _page(request, "confirm_address.html", {"address": address, "token": token})


@csrf_exempt
def unsubscribe(request, token):
    """GET: a page with two buttons (replies only; all mail). POST with
    List-Unsubscribe=One-Click (a mail client) or scope=replies: no more reply notices;
    POST with scope=all: no mail at all. Idempotent."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        address = replymail.address_of_unsubscribe_token(token)
    except signing.BadSignature:
        return _broken(request, 400)
    if address is None:
        if request.method == "POST":  # nothing is stored, so nothing can be sent: done
            return _page(request, "unsubscribe.html", {"done": "replies", "token": token})
        return _broken(request, 404)
    done = None
    if request.method == "POST":
        if request.POST.get("scope") == "all":
            subscribing.opt_out(address)
            done = "all"
        elif request.POST.get("scope") == "replies" or (
            request.POST.get("List-Unsubscribe") == ONE_CLICK
        ):
            subscribing.unsubscribe(address)
            done = "replies"
        else:
            return _broken(request, 400)
        address.refresh_from_db()
    context = {"address": address, "token": token, "done": done}
    return _page(request, "unsubscribe.html", context)
