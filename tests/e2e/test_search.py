import pytest

from tests.factories import make_article

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_reader_searches_from_the_header_without_hamza(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    article = make_article(title="إطلاق قمر صناعي عربي", lead="نجحت عملية الإطلاق.")
    make_article(title="خبر لا علاقة له")
    page.goto(live_server.url + "/")

    box = page.locator("header form.site-search input[name=q]")
    assert box.is_visible()
    box.fill("اطلاق")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")

    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.locator("h2 mark").inner_text() == "إطلاق"
    results.locator("h2 a").click()
    page.wait_for_url(f"**{article.get_absolute_url()}")
    # Nothing of the page spills sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_error_page_search_leads_to_results(live_server, page, settings):
    make_article(title="مؤتمر الطاقة")
    response = page.goto(live_server.url + "/news/999999/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "ar"
    page.fill("#error-search-q", "موتمر")
    page.click(".error-page__search button")
    page.wait_for_url("**/search/?q=*")
    assert page.locator(".search-result").count() == 1


def test_a_long_address_in_a_lead_or_body_wraps_on_a_phone(live_server, page, settings, tmp_path):
    """Imported articles often hold a pasted address with no space in it: in the body, the
    lead, and the lead shown by another article's "see also" beside its picture."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import Tag
    from tests.articles.test_images import image_bytes

    settings.MEDIA_ROOT = tmp_path
    address = "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"
    tag = Tag.objects.create(name="ملعب", slug="ملعب")
    related = make_article(title="المنتخب يفوز", lead=f"شاهد الملخص {address} الآن")
    related.image.save("goal.jpg", SimpleUploadedFile("goal.jpg", image_bytes(800, 600)))
    related.tags.add(tag)
    article = make_article(title="صور المباراة", body=f"<p>الرابط {address}</p>")
    article.tags.add(tag)
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".see-also__item").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
