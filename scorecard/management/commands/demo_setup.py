from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from national import council_setup, councils, shipped
from scorecard.models import Indicator
from scorecard.roles import ADMIN, OFFICER, PANEL_MEMBER

FIXTURES = ["march_2024_scorecard", "national_sources", "dfe_indicators"]
DEMO_COUNCIL = "310"  # the council of the deck fixture: any other (COUNCIL=302) is set up from the library
DEMO_USERS = [
    ("panel", "Demo Panel Member", PANEL_MEMBER),
    ("officer", "Demo Performance Officer", OFFICER),
    ("admin", "Demo Administrator", ADMIN),
]


class Command(BaseCommand):
    help = (
        "Prepare a demonstration site: load the March 2024 scorecard fixtures into an empty database and DfE's "
        "published figures shipped in national/data/dfe/ (only what is not held), "
        "and create a user for each role (or give existing demo users a new password). Prints the log-ins."
    )

    def handle(self, *args, **options):
        if settings.OUR_COUNCIL_CODE != DEMO_COUNCIL:
            self._other_council()
        else:
            self._deck()
        self._users()

    def _other_council(self) -> None:
        """Another council (COUNCIL=302 make run): its scorecard from the indicator library and DfE's figures."""
        try:
            done = council_setup.setup_council(settings.OUR_COUNCIL_CODE)
        except (councils.UnknownCouncil, council_setup.CouncilMismatch, ValueError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{done.council.name}'s scorecard: {done.indicators} indicators from the library, {done.outturns} "
            f"year-end outturns and {done.values:,} values from DfE's published figures. {shipped.ATTRIBUTION}"
        )

    def _deck(self) -> None:
        recorded = council_setup.recorded_council()
        if recorded is not None and recorded.old_code != DEMO_COUNCIL:
            raise CommandError(
                f"This database holds {recorded.name}'s scorecard ({recorded.old_code}): serve it with "
                f"COUNCIL={recorded.old_code}, or start afresh (make clean)."
            )
        if Indicator.objects.exists():
            self.stdout.write("Scorecard data already present: fixtures not reloaded (figures entered since are kept).")
        else:
            call_command("loaddata", *FIXTURES, verbosity=0)
            self.stdout.write(f"Loaded fixtures: {', '.join(FIXTURES)}.")

        loaded = shipped.load_shipped()
        if loaded.problems:
            raise CommandError("The shipped DfE files could not be loaded: " + "; ".join(loaded.problems))
        if loaded.values or loaded.populations:
            self.stdout.write(
                f"Loaded DfE's published figures: {loaded.values:,} values from {len(loaded.files)} file(s), "
                f"{loaded.populations:,} ONS child populations. {shipped.ATTRIBUTION}"
            )
        else:
            self.stdout.write("DfE's published figures already loaded: nothing to add (figures loaded since are kept).")
        council_setup.record_council(DEMO_COUNCIL)

    def _users(self) -> None:
        logins = []
        with transaction.atomic():
            for username, full_name, role in DEMO_USERS:
                password = secrets.token_urlsafe(12)
                user, _ = get_user_model().objects.get_or_create(username=username)
                user.first_name, user.last_name = full_name.rsplit(" ", 1)
                user.is_staff = user.is_superuser = role == ADMIN
                user.set_password(password)
                user.save()
                user.groups.set([Group.objects.get(name=role)])
                logins.append((role, username, password))

        self.stdout.write(self.style.SUCCESS("Demo log-ins (new passwords each time this runs):"))
        for role, username, password in logins:
            self.stdout.write(f"  {role:<14} username: {username:<8} password: {password}")
