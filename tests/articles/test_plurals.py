"""Arabic plurals in the staff UI: the catalogue's Plural-Forms is the CLDR rule, every plural
entry has its six forms, and the admin's own counted strings that come out wrong in Django's
Arabic ("2 مقالات", "أضِف التصحيح آخر", "أنت متأخر بـ 3 ساعة") are overridden by the project."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from tests.factories import make_article

LOCALE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES"
COUNTS = [0, 1, 2, 3, 11, 100]


def cldr_form(n: int) -> int:
    """CLDR's Arabic rule: nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 :
    n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5."""
    if n in (0, 1, 2):
        return n
    if 3 <= n % 100 <= 10:
        return 3
    return 4 if n % 100 >= 11 else 5


def entries(path: Path):
    """(msgid, {form: msgstr}) of every plural entry, continuation lines joined."""
    text = path.read_text()
    for block in text.split("\n\n"):
        if "msgid_plural" not in block:
            continue
        forms, current = {}, None
        for line in block.splitlines():
            if match := re.match(r'msgstr\[(\d)\] "(.*)"$', line):
                current = int(match[1])
                forms[current] = match[2]
            elif current is not None and line.startswith('"'):
                forms[current] += line[1:-1]
        yield block, forms


@pytest.mark.parametrize("name", ["django.po", "djangojs.po"])
def test_the_plural_rule_is_cldrs_and_every_entry_has_six_forms(name):
    text = (LOCALE / name).read_text()
    header = re.search(r"Plural-Forms: (.*?)\\n", text.replace('"\n"', ""))[1]
    assert header.startswith("nplurals=6;")
    rule = header.split("plural=")[1].rstrip(";")
    python_rule = rule.replace("&&", " and ").replace("||", " or ")
    python_rule = re.sub(r"(.+?) \? (.+?) : ", r"(\2) if (\1) else ", python_rule)
    for n in range(0, 1000):
        assert eval(python_rule, {"n": n}) == cldr_form(n), (n, rule)
    for block, forms in entries(LOCALE / name):
        assert sorted(forms) == [0, 1, 2, 3, 4, 5], block
        assert all(forms.values()), block


def test_the_projects_counts_use_the_six_forms():
    with translation.override("ar"):
        said = [
            ngettext("%(count)d article published.", "%(count)d articles published.", n)
            % {"count": n}
            for n in COUNTS
        ]
    assert said == [
        "لم يُنشر أي مقال.",
        "نُشر مقال واحد.",
        "نُشر مقالان.",
        "نُشرت 3 مقالات.",
        "نُشر 11 مقالاً.",
        "نُشر 100 مقال.",
    ]


def test_the_admins_own_strings_are_overridden():
    with translation.override("ar"):
        results = [
            ngettext("%(counter)s result", "%(counter)s results", n) % {"counter": n}
            for n in COUNTS
        ]
        assert results == [
            "لا نتائج",
            "نتيجة واحدة",
            "نتيجتان",
            "3 نتائج",
            "11 نتيجةً",
            "100 نتيجة",
        ]
        another = gettext("Add another %(verbose_name)s") % {"verbose_name": "التصحيح"}
        assert another == "أضِف المزيد: التصحيح"
        assert gettext("Select %s to change") % "كلمة رقابة" == "اختر ما تريد تغييره: كلمة رقابة"


@pytest.mark.django_db
def test_the_changelist_counts_in_arabic(client, staff):
    make_article()
    make_article()
    client.force_login(staff["editor"])
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "نتيجتان" in page
    assert "2 مقالات" not in page


@pytest.mark.django_db
def test_the_clock_note_in_javascript_has_the_six_forms(client, staff):
    client.force_login(staff["editor"])
    catalog = client.get(reverse("admin:jsi18n")).content.decode()
    for form in [
        "ملاحظة: أنت متأخر ساعتين عن وقت الخادم.",
        "ملاحظة: أنت متأخر %s ساعات عن وقت الخادم.",
    ]:
        assert json.dumps(form) in catalog
