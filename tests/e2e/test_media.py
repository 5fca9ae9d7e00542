"""In a real browser: the rendition the browser picks for each screen, and lazy images."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from articles.tasks import make_renditions
from tests.e2e.conftest import CHROMIUM  # noqa: F401  (the browser fixture needs it)
from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def with_image(**fields):
    article = make_article(**{"image_alt": "مشهد من المدينة", **fields})
    buffer = BytesIO()
    Image.new("RGB", (1800, 1013), "#7a1f2b").save(buffer, "JPEG")
    article.image.save("city.jpg", ContentFile(buffer.getvalue()), save=True)
    make_renditions.call(article.pk, article.image.name)
    return article


def chosen(page, selector):
    """The rendition the browser loaded for an image: (format, width) from its srcset."""
    src = page.eval_on_selector(selector, "img => img.currentSrc")
    article_renditions = {
        rendition.file.rsplit("/", 1)[-1]: (rendition.format, rendition.width)
        for rendition in _renditions()
    }
    return article_renditions[src.rsplit("/", 1)[-1]]


def _renditions():
    from articles.models import ImageRendition

    return ImageRendition.objects.all()


@pytest.mark.parametrize(
    ("width", "scale", "expected"),
    [(390, 1, 400), (390, 3, 1200), (1366, 1, 800), (1366, 2, 1600)],
)
def test_the_browser_picks_the_webp_rendition_that_fits(
    live_server, browser, width, scale, expected
):
    article = with_image()
    context = browser.new_context(
        locale="ar", viewport={"width": width, "height": 900}, device_scale_factor=scale
    )
    page = context.new_page()
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    assert chosen(page, ".story__figure img") == ("webp", expected)
    natural = page.eval_on_selector(".story__figure img", "img => img.naturalWidth")
    assert natural > 0
    context.close()


def test_related_images_wait_until_the_reader_scrolls_to_them(live_server, page):
    long_body = "".join(f"<p>فقرة طويلة رقم {n} من نص الخبر {'كلمة ' * 60}</p>" for n in range(60))
    article = with_image(body=long_body)
    related = with_image(category=article.category)
    article.see_also.add(related)
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    thumb = ".see-also__item img"
    assert page.eval_on_selector(thumb, "img => img.currentSrc") == ""  # not fetched yet
    page.locator(thumb).scroll_into_view_if_needed()
    page.wait_for_function(f"() => document.querySelector('{thumb}').currentSrc !== ''")
    assert chosen(page, thumb)[0] == "webp"


def test_a_reader_follows_breaking_news_and_the_byline_to_the_author(live_server, browser):
    from articles.models import AuthorProfile
    from tests.factories import make_user

    reem = make_user(username="reem", first_name="ريم", last_name="الصالح")
    AuthorProfile.objects.create(user=reem, bio="محررة في قسم المحليات.")
    article = with_image(title="عاصفة غبارية تغلق الموانئ", author=reem)
    article.mark_breaking(3)
    article.save(update_fields=["breaking_until"])
    context = browser.new_context(locale="ar", viewport={"width": 390, "height": 800})
    page = context.new_page()

    page.goto(live_server.url + "/")
    bar = page.locator(".breaking")
    assert bar.is_visible()
    assert "عاجل" in bar.inner_text()
    bar.get_by_role("link", name="عاصفة غبارية تغلق الموانئ").click()
    page.wait_for_url("**" + article.get_absolute_url().split("/")[2] + "/**")
    assert page.locator("h1").inner_text() == "عاصفة غبارية تغلق الموانئ"

    page.locator("a[rel=author]").click()
    page.wait_for_url("**/author/%D8%B1%D9%8A%D9%85-%D8%A7%D9%84%D8%B5%D8%A7%D9%84%D8%AD/")
    assert page.locator("h1").inner_text() == "ريم الصالح"
    assert page.locator(".author__bio").inner_text() == "محررة في قسم المحليات."
    assert page.locator(".card__title").all_inner_texts() == ["عاصفة غبارية تغلق الموانئ"]
    context.close()
