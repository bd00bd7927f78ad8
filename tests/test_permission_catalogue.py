"""One catalogue of permissions and roles (scorecard/roles.py): every name in it is a
real permission, each role holds what the catalogue says, and no other module or
template spells a permission by hand."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.test import RequestFactory

from scorecard import roles

ROOT = Path(__file__).resolve().parent.parent
SPELT = re.compile(
    r"\b(?:scorecard|national|auth|accounts|ssda903)\.(?:add|change|view|delete|publish|unlock|restore|amend)_[a-z]+"
)


@pytest.mark.django_db
def test_every_catalogued_permission_exists():
    for name, permission in roles.PERMISSIONS.items():
        app_label, codename = permission.split(".")
        assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), name
    assert roles.PERMISSIONS["EDIT_REPORT"] == roles.EDIT_REPORT == "scorecard.change_panelreport"


@pytest.mark.django_db
def test_roles_hold_what_the_catalogue_says(panel_member, officer, admin_user):
    assert panel_member.has_perm(roles.READ_SCORECARD) and not panel_member.has_perm(roles.ENTER_FIGURES)
    assert officer.has_perm(roles.ENTER_FIGURES) and officer.has_perm(roles.PUBLISH_REPORT)
    for admins_only in (
        roles.UNLOCK_FIGURE,
        roles.AMEND_REPORT,
        roles.SET_TARGETS,
        roles.LOAD_NATIONAL,
        roles.MANAGE_USERS,
    ):
        assert not officer.has_perm(admins_only) and admin_user.has_perm(admins_only)
    assert [roles.is_admin(u) for u in (panel_member, officer, admin_user)] == [False, False, True]


@pytest.mark.django_db
def test_templates_ask_by_the_catalogues_names(officer):
    request = RequestFactory().get("/")
    request.user = officer
    context = {**roles.permission(request), "perms": PermWrapper(officer)}
    shown = Template(
        "{% if permission.ENTER_FIGURES in perms %}enter{% endif %}{% if permission.UNLOCK_FIGURE in perms %}unlock{% endif %}"
    )
    assert shown.render(Context(context)) == "enter"


def test_no_module_or_template_spells_a_permission_outside_the_catalogue():
    found = []
    for folder in (
        "accounts",
        "harrow_cla",
        "indicators",
        "national",
        "scorecard",
        "ssda903",
        "templates",
        "tools",
        "tests",
    ):
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix not in (".py", ".html")
                or "migrations" in path.parts
                or path == ROOT / "scorecard" / "roles.py"
            ):
                continue
            if path == Path(__file__).resolve():
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if SPELT.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []
