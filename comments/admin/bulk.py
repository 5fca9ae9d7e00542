"""The list's drop-down of bulk actions.

The moderator actions are made from the actions table (states.ACTIONS: each action's `bulk`
name, label and message), so the drop-down, the row links, the detail page and the keyboard
offer the same actions under the same names; comments.actions.perform_many carries them out
and queues what they owe. Then "check for spam", and a commenter's personal data.
"""

import json
import logging

from django.contrib import admin, messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from comments import actions, desk, privacy
from comments.states import ACTIONS, ModeratorAction

logger = logging.getLogger(__name__)


def moderator_bulk_action(action: ModeratorAction):
    """The admin action that performs `action` on the selected comments."""

    def bulk(modeladmin, request, queryset):
        changed = actions.perform_many(queryset, action.key, by=request.user)
        modeladmin.message_user(request, action.done % {"count": changed}, messages.SUCCESS)

    bulk.__name__ = action.bulk
    return admin.action(description=action.label, permissions=["moderate"])(bulk)


MODERATOR_BULK_ACTIONS = [
    moderator_bulk_action(action) for action in ACTIONS.values() if action.bulk
]


@admin.action(description=_("Check for spam"), permissions=["moderate"])
def check_for_spam(modeladmin, request, queryset):
    level, message = desk.check_for_spam(queryset, by=request.user)
    modeladmin.message_user(request, message, level)


# --- readers' personal data (comments/privacy.py) ---


@admin.action(description=_("Export this commenter's data"), permissions=["export_personal_data"])
def export_commenter_data(modeladmin, request, queryset):
    """A JSON file with every comment and all personal data of the selected comments' writers
    (by e-mail address), as `manage.py comment_data export` gives."""
    addresses = privacy.addresses_of(queryset)
    if not addresses:
        modeladmin.message_user(
            request, _("The selected comments have no e-mail address to export."), messages.INFO
        )
        return None
    exports = [privacy.export(email) for email in addresses]
    logger.info(
        "Personal data exported from the desk by user %s: %d address(es), %d comment(s)",
        request.user.pk,
        len(exports),
        sum(len(export["comments"]) for export in exports),
    )
    data = {"exported_at": timezone.now().isoformat(), "commenters": exports}
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="commenter-data-{stamp}.json"'
    return response


@admin.action(description=_("Erase this commenter's data"), permissions=["erase_personal_data"])
def erase_commenter_data(modeladmin, request, queryset):
    """Asks to confirm first; then privacy.erase() anonymises every comment of the selected
    comments' writers (by e-mail address), wherever they are on the site."""
    addresses = privacy.addresses_of(queryset)
    if not addresses:
        modeladmin.message_user(
            request, _("The selected comments have no e-mail address to erase."), messages.INFO
        )
        return None
    if request.POST.get("confirm") == "yes":
        erased = sum(privacy.erase(email, by=request.user) for email in addresses)
        modeladmin.message_user(
            request,
            ngettext(
                "Personal data erased: %(count)d comment anonymised.",
                "Personal data erased: %(count)d comments anonymised.",
                erased,
            )
            % {"count": erased},
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": _("Erase commenters' personal data"),
        "commenters": [
            {"email": email, "count": privacy.comments_of(email).count()} for email in addresses
        ],
        "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
        "erased_name": privacy.ERASED_NAME,
        "action": "erase_commenter_data",
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        "list_url": request.get_full_path(),
    }
    return TemplateResponse(request, "admin/comments/comment/erase_personal_data.html", context)
