from django.conf import settings

from scorecard.roles import is_officer


def site(request):
    return {
        "council_name": settings.COUNCIL_NAME,
        "council_short_name": settings.COUNCIL_SHORT_NAME,
        "public_scorecard": settings.PUBLIC_SCORECARD,
        "user_is_officer": is_officer(request.user),
        "small_number_max": settings.SMALL_NUMBER_MAX,
    }
