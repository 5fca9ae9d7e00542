"""Commenters' standing and blocks (docs/comments.md, "Standing, blocks and hold rules").

Kept apart from models.py, which imports it so Django registers the models; it names Comment as
a string and imports nothing of the app but comments.states' neighbours, so it imports nothing
back. The changes are comments.standing_actions' (and the automatic trust, comments.actions');
this module only stores and looks up.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.states import Verdict


class Level(models.TextChoices):
    TRUSTED = "trusted", _("Trusted")
    NORMAL = "normal", _("Normal")
    PREMODERATED = "premoderated", _("Always pre-moderated")
    SUSPENDED = "suspended", _("Suspended")
    BANNED = "banned", _("Banned")


# When a commenter has two records (their e-mail's and their account's), the stricter counts.
SEVERITY = [Level.TRUSTED, Level.NORMAL, Level.PREMODERATED, Level.SUSPENDED, Level.BANNED]
REFUSED = {Level.SUSPENDED, Level.BANNED}


def email_key(email: str) -> str:
    return (email or "").strip().casefold()


def email_domain(email: str) -> str:
    return email_key(email).rpartition("@")[2]


class CommenterStanding(models.Model):
    """How the desk treats one commenter: by e-mail (whatever its capitals), by account, or
    both. No record is the same as "normal"."""

    Level = Level

    email = models.CharField(_("email"), max_length=100, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    level = models.CharField(_("standing"), max_length=12, choices=Level.choices)
    until = models.DateTimeField(
        _("suspended until"), null=True, blank=True, help_text=_("Only for a suspension.")
    )
    note = models.TextField(
        _("moderators' notes"), blank=True, help_text=_("Seen by moderators only.")
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("commenter standing")
        verbose_name_plural = _("commenters' standing")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="one_standing_per_email"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(user__isnull=False), name="one_standing_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.email or self.user}: {self.get_level_display()}"

    def clean(self):
        self.email = email_key(self.email)
        if not self.email and self.user_id is None:
            raise ValidationError(_("Give an e-mail address or an account."))
        if self.level == Level.SUSPENDED and self.until is None:
            raise ValidationError({"until": _("A suspension needs an end date.")})

    def level_at(self, now) -> str:
        """The standing in force: a suspension that has ended is normal again."""
        if self.level == Level.SUSPENDED and self.until is not None and self.until <= now:
            return Level.NORMAL
        return self.level


def standing_of(email: str, user=None) -> CommenterStanding | None:
    """The commenter's record (one indexed query; the stricter of two), or None."""
    who = Q(email=email_key(email)) if email else Q(pk__in=[])
    if user is not None and user.pk:
        who |= Q(user_id=user.pk)
    rows = list(CommenterStanding.objects.filter(who)[:2])
    if not rows:
        return None
    now = timezone.now()
    return max(rows, key=lambda row: SEVERITY.index(row.level_at(now)))


def level_of(email: str, user=None, *, now=None) -> str:
    found = standing_of(email, user)
    return found.level_at(now or timezone.now()) if found else Level.NORMAL


class BlockKind(models.TextChoices):
    NETWORK = "network", _("Address or network")
    DOMAIN = "domain", _("E-mail domain")


def normalise_network(value: str) -> str:
    """An IPv4 address, an IPv6 address (its /64: one subscriber), or a network in CIDR
    notation, as a canonical network string. ValueError when it is none of these."""
    value = value.strip()
    if "/" in value:
        return str(ipaddress.ip_network(value, strict=False))
    address = ipaddress.ip_address(value)
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    if address.version == 6:
        address = address.ipv4_mapped
    return str(ipaddress.ip_network(address))


class CommenterBlock(models.Model):
    """No comment from this address, network or e-mail domain until it expires (if ever)."""

    Kind = BlockKind

    kind = models.CharField(_("kind"), max_length=7, choices=BlockKind.choices)
    value = models.CharField(
        _("blocked"),
        max_length=100,
        help_text=_(
            "An IP address (an IPv6 address blocks its /64), a network such as "
            "203.0.113.0/24, or an e-mail domain such as example.com."
        ),
    )
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: until removed.")
    )
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        indexes = [models.Index(fields=["kind", "value"], name="commenter_block_idx")]

    def __str__(self):
        return self.value

    def clean(self):
        if self.kind == BlockKind.NETWORK:
            try:
                self.value = normalise_network(self.value)
            except ValueError:
                raise ValidationError({"value": _("Not an IP address or network.")}) from None
        else:
            self.value = email_domain(self.value.lstrip("@"))
            if "." not in self.value:
                raise ValidationError({"value": _("Not an e-mail domain.")})

    def covers(self, ip: str | None) -> bool:
        if self.kind != BlockKind.NETWORK or not ip:
            return False
        try:
            return ipaddress.ip_address(ip) in ipaddress.ip_network(self.value)
        except ValueError:
            return False


def is_blocked(ip: str | None, email: str, *, now=None) -> bool:
    """Whether an active block covers the address or the e-mail's domain: one query (on the
    kind-and-value index: the domain's blocks and the networks, which are few)."""
    now = now or timezone.now()
    blocks = CommenterBlock.objects.filter(
        Q(kind=BlockKind.DOMAIN, value=email_domain(email)) | Q(kind=BlockKind.NETWORK)
    ).filter(Q(expires_at=None) | Q(expires_at__gt=now))
    for block in blocks.only("kind", "value"):
        if block.kind == BlockKind.DOMAIN or block.covers(ip):
            return True
    return False


class StandingChange(models.Model):
    """One line of the standing and blocks history: who, when, what and why. Append-only."""

    class Action(models.TextChoices):
        LEVEL = "level", _("Standing changed")
        AUTO_TRUST = "auto-trust", _("Trusted after a comment cleared by Akismet was approved")
        NOTE = "note", _("Notes changed")
        TRASH_PAST = "trash-past", _("Past comments moved to the trash")
        BLOCK = "block", _("Blocked")
        UNBLOCK = "unblock", _("Block removed")

    standing = models.ForeignKey(
        CommenterStanding,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("commenter standing"),
    )
    subject = models.CharField(_("commenter or block"), max_length=150)
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    level = models.CharField(_("standing"), max_length=12, choices=Level.choices, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("standing change")
        verbose_name_plural = _("standing history")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.subject}: {self.action}"


def trust_if_cleared(comment, *, by) -> None:
    """Approved after an Akismet ham: a commenter without a standing, or a normal one, becomes
    trusted (a stricter standing stays). Nothing is read when the submission already knew
    them trusted (comment.standing_level, set by moderation.submit_comment)."""
    if comment.akismet_result != Verdict.HAM:
        return
    if getattr(comment, "standing_level", None) == Level.TRUSTED:
        return
    email = email_key(comment.author_email)
    row = CommenterStanding.objects.select_for_update().filter(email=email).first()
    if row is None:
        row = CommenterStanding.objects.create(email=email, level=Level.TRUSTED)
    elif row.level == Level.NORMAL:
        row.level, row.updated_at = Level.TRUSTED, timezone.now()
        row.save(update_fields=["level", "updated_at"])
    else:
        return
    comment.standing_level = Level.TRUSTED
    StandingChange.objects.create(
        standing=row,
        subject=email,
        action=StandingChange.Action.AUTO_TRUST,
        level=Level.TRUSTED,
        detail=f"#{comment.pk}",
        actor=by,
    )
