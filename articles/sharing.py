"""Share links for an article: plain links to each network's own share page, no script of theirs.

Nothing leaves the reader's browser until they tap one: the page carries ordinary links (they
work without JavaScript) and no widget, counter or pixel. Every link shares the article's
canonical address (SITE_URL, never the request's host) with `utm_source` naming the network,
so the newsroom's analytics can tell where readers came from.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from newsroom.site import absolute


@dataclass(frozen=True)
class ShareLink:
    network: str  # also the utm_source
    label: str
    url: str
    new_window: bool = True


def _q(value: str) -> str:
    """Percent-encoded for a query value (spaces as %20: mailto: has no "+")."""
    return quote(str(value), safe="")


def article_url(article, source: str) -> str:
    """The canonical address of `article` as shared through `source`."""
    return f"{absolute(article.get_absolute_url())}?utm_source={_q(source)}"


def share_links(article) -> list[ShareLink]:
    """WhatsApp, X, Telegram and e-mail links for `article`, in that order."""
    title = article.title
    whatsapp = article_url(article, "whatsapp")
    x = article_url(article, "x")
    telegram = article_url(article, "telegram")
    email = article_url(article, "email")
    whatsapp_text = _q(f"{title}\n{whatsapp}")
    email_body = _q(f"{title}\r\n\r\n{email}")
    return [
        ShareLink("whatsapp", _("WhatsApp"), f"https://wa.me/?text={whatsapp_text}"),
        ShareLink("x", _("X"), f"https://x.com/intent/post?text={_q(title)}&url={_q(x)}"),
        ShareLink(
            "telegram", _("Telegram"), f"https://t.me/share/url?url={_q(telegram)}&text={_q(title)}"
        ),
        ShareLink(
            "email", _("E-mail"), f"mailto:?subject={_q(title)}&body={email_body}", new_window=False
        ),
    ]
