"""The Notifications page, and unsubscribing from an email's link without signing in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from alerts import recipients, sending
from alerts.forms import PreferenceForm
from alerts.models import AlertKind, AlertPreference
from scorecard.roles import READ_SCORECARD


@login_required
@permission_required(READ_SCORECARD, raise_exception=True)
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = request.user
    kinds = recipients.eligible_kinds(recipients.roles_of(user))
    preference = recipients.preference_for(user)
    form = PreferenceForm(request.POST or None, instance=preference, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your choice of alerts is saved.")
        return redirect("notifications")
    status = 400 if form.errors else 200
    return render(request, "alerts/notifications.html", {"form": form, "has_email": bool(user.email)}, status=status)


def _stop(preference: AlertPreference, kind: str) -> None:
    names = ["figures_due", "changes", "published"] if kind == sending.ALL else [kind]
    for name in names:
        setattr(preference, name, False)
    preference.save()


# Mail programs POST here with no CSRF token (RFC 8058 one-click unsubscribe): the signed
# token in the address is what proves the request, and all it can do is switch alerts off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    read = sending.read_token(token)
    user = get_user_model().objects.filter(pk=read[0], is_active=True).first() if read else None
    valid_kinds = {AlertKind.FIGURES_DUE, AlertKind.CHANGES, AlertKind.PUBLISHED, sending.ALL}
    if user is None or read[1] not in valid_kinds:
        return render(request, "alerts/unsubscribe_invalid.html", status=404)
    kind = read[1]
    what = "all alerts" if kind == sending.ALL else f"alerts of {AlertKind(kind).label.lower()}"
    if request.method == "POST":
        _stop(recipients.preference_for(user), kind)
        return render(request, "alerts/unsubscribed.html", {"what": what})
    return render(request, "alerts/unsubscribe.html", {"what": what, "token": token})
