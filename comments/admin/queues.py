"""The desk's queues on the list: ?status=<key> (states.QUEUES) narrows the list to one."""

from django.contrib import admin
from django.contrib.admin.views.main import ERROR_FLAG, IGNORED_PARAMS, PAGE_VAR, ChangeList
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from comments.counts import Size, count_cap, size_label
from comments.states import QUEUES


def current_queue(request) -> str:
    key = request.GET.get("status", "all")
    return key if key in QUEUES else "all"


class StatusFilter(admin.SimpleListFilter):
    """Accepts ?status=<queue>; the status links above the list show it, so not the sidebar."""

    title = _("status")
    parameter_name = "status"
    template = "admin/comments/comment/hidden_filter.html"

    def lookups(self, request, model_admin):
        return [(key, queue.label) for key, queue in QUEUES.items() if key != "all"]

    def queryset(self, request, queryset):
        return queryset  # DeskChangeList already narrowed the list to the queue


class CommentedArticleFilter(admin.RelatedOnlyFieldListFilter):
    """The article filter offers the articles with the newest comments (ARTICLES of them) and
    the one chosen: at a daily's archive size "every article with a comment" is hundreds of
    thousands of links, read on every desk page. A walk down the comments' date index."""

    ARTICLES = 30
    SCANNED = 1000  # newest comments looked at for them

    def field_choices(self, field, request, model_admin):
        comments = model_admin.model.objects.order_by("-created_at")
        newest = comments.values_list("article_id", flat=True)
        wanted = list(dict.fromkeys(newest[: self.SCANNED]))[: self.ARTICLES]
        wanted += [int(pk) for pk in self.lookup_val or () if str(pk).isdigit()]
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": wanted}, ordering=ordering
        )


class DeskChangeList(ChangeList):
    """The list's root queryset is the queue, so "N results (M total)" counts within it and
    M agrees with the queue's status link."""

    def get_queryset(self, request, exclude_parameters=None):
        self.root_queryset = self.root_queryset.queue(current_queue(request))
        return super().get_queryset(request, exclude_parameters)

    def get_results(self, request):
        """The queue's size is known already: the status links counted every queue in one
        query (CommentAdmin.changelist_view puts it on the request), each up to the desk's
        cap. So the total is never counted again, nor the list when nothing narrows it; a
        narrowed list is counted up to the cap too (DeskPaginator)."""
        known = request.desk_counts[current_queue(request)]
        unchanged = {*IGNORED_PARAMS, PAGE_VAR, ERROR_FLAG, StatusFilter.parameter_name}
        narrowed = bool(self.query) or any(key not in unchanged for key in self.params)
        request.desk_list_count = None if narrowed else known
        super().get_results(request)
        self.show_full_result_count = True
        self.full_result_count = known
        self.full_result_label = size_label(known)
        self.show_admin_actions = bool(known)


class DeskPaginator(Paginator):
    """A narrowed list (a search, a filter) is read once, in the list's order, up to the
    desk's cap: the ids of its first COMMENTS_DESK_COUNT_LIMIT + 1 rows give the count ("more
    than N" past the cap) and each page (its rows by primary key). A common word matches a
    third of an archive's comments: an exact count read every one, and a rare name's trigram
    search was made twice, once to count and once for the page."""

    @cached_property
    def _ids(self):
        return list(self.object_list.values_list("pk", flat=True)[: count_cap() + 1])

    @cached_property
    def count(self):
        return Size(len(self._ids), count_cap())

    def page(self, number):
        if "_ids" not in self.__dict__:  # the size was given (DeskChangeList): a plain page
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list.filter(pk__in=self._ids[bottom:top])
        return self._get_page(rows, number, self)


def status_links(request, counts: dict[str, int], base: str) -> list[dict]:
    """The links above the list, one per queue, with its size."""
    current = current_queue(request)
    return [
        {
            "key": key,
            "label": queue.label,
            "count": counts[key],
            "count_label": size_label(counts[key]),
            "url": base if key == "all" else f"{base}?status={key}",
            "current": key == current,
        }
        for key, queue in QUEUES.items()
    ]
