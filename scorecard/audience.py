"""Who a page is for, decided on the server from the user, never from the URL.

- public: anonymous visitors (when the council publishes its scorecard), and the
  public version of a report: small numbers suppressed, free text only where an
  officer has checked it for publication;
- member: panel members, who see what the council's policy says
  (PANEL_MEMBERS_SEE_SMALL_NUMBERS, default on: councillors have a duty to scrutinise);
- officer: officers and admins, who also see data-quality warnings.

`?version=public` narrows what anyone sees to the public version (an officer
previews what the website will show); nothing in a request can widen it.
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings

from scorecard.roles import READ_SCORECARD, is_admin, is_officer
from scorecard.suppression import SmallNumbers


class Audience(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    OFFICER = "officer"

    @property
    def suppresses(self) -> bool:
        return self is Audience.PUBLIC


def audience_of(user) -> Audience:
    """The widest audience a user belongs to. An account without a role (a former panel
    member) reads only what anyone may: on a public site the pages let it in as they let in
    anonymous visitors, so it must not get the panel's version."""
    if not user.is_authenticated:
        return Audience.PUBLIC
    if is_officer(user):
        return Audience.OFFICER
    if not user.has_perm(READ_SCORECARD):
        return Audience.PUBLIC
    return Audience.MEMBER if settings.PANEL_MEMBERS_SEE_SMALL_NUMBERS else Audience.PUBLIC


def audience_for(request) -> Audience:
    """The audience of this request: the user's, narrowed to public on request."""
    if request.GET.get("version") == "public":
        return Audience.PUBLIC
    return audience_of(request.user)


def small_numbers() -> SmallNumbers:
    return SmallNumbers(1, settings.SMALL_NUMBER_MAX)


def page_variant(request) -> str:
    """What a cached page may differ by beyond its URL and the data: the audience, the
    reader's role (an officer previewing the public version, or an admin, sees other links)
    and the suppression threshold, so a council that raises it is never served pages built
    with the old one from a shared cache."""
    user = request.user
    if not user.is_authenticated:
        role = "anonymous"
    elif is_admin(user):
        role = "admin"
    elif is_officer(user):
        role = "officer"
    else:
        role = "member"
    return f"{audience_for(request).value}:{role}:{settings.SMALL_NUMBER_MAX}"
