from __future__ import annotations

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import get_user_model, password_validation

from accounts.adapters import password_sign_in_allowed
from accounts.models import AuditEvent
from accounts.roles import ROLE_CHOICES, role_of
from scorecard.roles import ADMIN

User = get_user_model()


class LoginForm(AllauthLoginForm):
    """allauth's sign-in, labelled in the product's words; with SSO_ONLY, a password
    is accepted only from the named break-glass admins."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username or email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""  # the page links to the password reset itself
        self.fields["login"].error_messages["required"] = "Enter your username or email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields.pop("remember", None)

    def login(self, request, redirect_url=None):
        response = super().login(request, redirect_url)
        if self.user is not None and (self.user.is_staff or self.user.is_superuser or role_of(self.user) == ADMIN):
            request.session.set_expiry(0)  # an admin's session cookie is not kept when the browser closes
        return response

    def clean(self):
        cleaned = super().clean()
        if self.user is not None and not password_sign_in_allowed(self.user.get_username()):
            raise forms.ValidationError(
                "Sign in with your council account: signing in with a password is for break-glass admins only."
            )
        return cleaned


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter the email address to invite",
            "invalid": "Enter an email address like name@council.gov.uk",
        },
    )
    role = forms.ChoiceField(
        label="Role", choices=ROLE_CHOICES, widget=forms.RadioSelect, error_messages={"required": "Choose a role"}
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=[("", "No role"), *ROLE_CHOICES], required=False)


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter your first name"}
    )
    last_name = forms.CharField(label="Last name", max_length=150, error_messages={"required": "Enter your last name"})
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What you will sign in with (or your email address).",
        error_messages={"required": "Choose a username"},
    )
    password1 = forms.CharField(
        label="Password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters; not a common password.",
        error_messages={"required": "Choose a password"},
    )
    password2 = forms.CharField(
        label="Password again",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again"},
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another")
        return username

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", "The passwords do not match")
        elif one:
            candidate = User(
                username=cleaned.get("username", ""),
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class SecurityLogFilter(forms.Form):
    person = forms.CharField(label="Person (username or email)", required=False)
    kind = forms.ChoiceField(label="Event", choices=[("", "Any event"), *AuditEvent.Kind.choices], required=False)
    date_from = forms.DateField(label="From (dd/mm/yyyy)", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    date_to = forms.DateField(label="To (dd/mm/yyyy)", required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"])

    def filter(self, events):
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(username__icontains=data["person"].strip())
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events
