"""The product's own account pages: users and invitations (admins), accepting an
invitation, the security log (admins), and what a signed-in user without a role sees."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts import services
from accounts.forms import AcceptInvitationForm, InviteForm, RoleForm, SecurityLogFilter
from accounts.models import AuditEvent, Invitation
from accounts.roles import ROLE_LABELS, active_admins, role_of
from scorecard import exports
from scorecard.roles import MANAGE_USERS, READ_SCORECARD

User = get_user_model()


def _admin_only(view):
    return login_required(permission_required(MANAGE_USERS, raise_exception=True)(view))


def no_role_context() -> dict:
    return {"admins": list(active_admins())}


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    """handler403: a signed-in user without a role is told so, and whom to ask."""
    user = request.user
    context = {}
    if user.is_authenticated and not user.has_perm(READ_SCORECARD):
        context = {"no_role": True, **no_role_context()}
    return render(request, "403.html", context, status=403)


@login_required
def no_role(request: HttpRequest) -> HttpResponse:
    if request.user.has_perm(READ_SCORECARD):
        return redirect("scorecard")
    return render(request, "accounts/no_role.html", no_role_context())


@_admin_only
def users(request: HttpRequest, invite_form: InviteForm | None = None, status: int = 200) -> HttpResponse:
    people = User.objects.order_by("-is_active", "first_name", "username").prefetch_related(
        Prefetch("groups"), "authenticator_set"
    )
    rows = [
        {
            "user": person,
            "role": ROLE_LABELS.get(role_of(person), "No role"),
            "role_name": role_of(person) or "",
            "mfa": any(a.type == "totp" for a in person.authenticator_set.all()),
            "form": RoleForm(initial={"role": role_of(person) or ""}, prefix=f"user-{person.pk}"),
        }
        for person in people
    ]
    invitations = list(Invitation.objects.filter(accepted_at=None, withdrawn_at=None).select_related("invited_by"))
    for invitation in invitations:
        invitation.role_label = ROLE_LABELS.get(invitation.role, invitation.role)
    return render(
        request,
        "accounts/users.html",
        {
            "rows": rows,
            "invitations": invitations,
            "form": invite_form or InviteForm(),
            "invitation_days": settings.INVITATION_DAYS,
        },
        status=status,
    )


@require_POST
@_admin_only
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(**form.cleaned_data, by=request.user, request=request)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field, problem)
        else:
            messages.success(request, f"Invitation sent to {invitation.email} as {ROLE_LABELS[invitation.role]}.")
            return redirect("users")
    return users(request, invite_form=form, status=400)


@require_POST
@_admin_only
def withdraw_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id)
    try:
        services.invitation_withdraw(invitation=invitation, by=request.user, request=request)
        messages.success(request, f"The invitation to {invitation.email} is withdrawn: its link no longer works.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("users")


@require_POST
@_admin_only
def change_role(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    form = RoleForm(request.POST, prefix=f"user-{person.pk}")
    if form.is_valid():
        role = form.cleaned_data["role"] or None
        try:
            services.user_change_role(user=person, role=role, by=request.user, request=request)
            messages.success(request, f"{_name(person)} now has {_role_words(role)}.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("users")


@require_POST
@_admin_only
def deactivate(request: HttpRequest, user_id: int) -> HttpResponse:
    person = get_object_or_404(User, pk=user_id)
    try:
        services.user_deactivate(user=person, by=request.user, request=request)
        messages.success(request, f"{_name(person)} is deactivated and signed out: they can no longer sign in.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("users")


def _name(person) -> str:
    return person.get_full_name() or person.get_username()


def _role_words(role: str | None) -> str:
    return f"the {ROLE_LABELS[role].lower()} role" if role else "no role"


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept_invitation(request: HttpRequest, key: str) -> HttpResponse:
    invitation = services.invitation_for_key(key)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if request.user.is_authenticated:
        return render(request, "accounts/invitation_invalid.html", {"signed_in": True}, status=400)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.invitation_accept(
                invitation=invitation,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
            record_authentication(request, user, method="password", reauthenticated=False)
            return redirect("scorecard")
    context = {"form": form, "invitation": invitation, "role": ROLE_LABELS.get(invitation.role, "")}
    return render(request, "accounts/accept_invitation.html", context, status=400 if form.errors else 200)


PAGE_SIZE = 100
CSV_HEADERS = ["When", "Event", "Who", "Address", "Detail"]


def _filtered_events(request: HttpRequest) -> tuple[SecurityLogFilter, object]:
    form = SecurityLogFilter(request.GET or None)
    events = AuditEvent.objects.all()
    if form.is_bound and form.is_valid():
        events = form.filter(events)
    return form, events


@_admin_only
def security_log(request: HttpRequest) -> HttpResponse:
    form, events = _filtered_events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "retention_days": settings.AUDIT_RETENTION_DAYS}
    return render(request, "accounts/security_log.html", context, status=400 if form.errors else 200)


@_admin_only
def security_log_csv(request: HttpRequest) -> HttpResponse:
    form, events = _filtered_events(request)
    rows = [
        [
            event.at.isoformat(timespec="seconds"),
            event.get_kind_display(),
            event.username,
            event.ip_address or "",
            event.detail,
        ]
        for event in events.iterator()
    ]
    return exports.export_response(
        title="Security log", headers=CSV_HEADERS, rows=rows, file_format=exports.CSV, filename="security-log.csv"
    )
