from django.conf import settings


def site(request):
    """What every page needs to build absolute links (canonical URLs, Open Graph)."""
    return {"SITE_URL": settings.SITE_URL, "HIJRI_DATES": settings.HIJRI_DATES}
