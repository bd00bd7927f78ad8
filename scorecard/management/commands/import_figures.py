from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scorecard import entry_selectors, services
from scorecard.importers.figures_file import check_figures_file, read_figures_file
from scorecard.models import ChangeMeans
from scorecard.periods import parse_period, period_label


class Command(BaseCommand):
    help = (
        "Import a period's figures from a CSV or Excel (xlsx) file in the upload template's layout, with the same "
        "checks as the upload page. Nothing is saved unless every row is valid; exits non-zero on any problem."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV or xlsx file: ref, numerator, denominator, value, status, commentary")
        parser.add_argument("--period", required=True, help='The period, e.g. "Q4 2023-24" or 2023-24-q4')
        parser.add_argument("--user", help="Username recorded in the history as making the change")
        parser.add_argument("--dry-run", action="store_true", help="Check the file and report; save nothing")

    def handle(self, *args, **options):
        key = parse_period(options["period"])
        if key is None:
            raise CommandError(f"“{options['period']}” is not a period. Write it like “Q4 2023-24”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"There is no file at {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user “{options['user']}”.")

        entries, problems = check_figures_file(
            read_figures_file(path.name, path.read_bytes()), entry_selectors.entry_rows(key)
        )
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{path.name}: {len(problems)} problem(s); nothing was saved.")
        if options["dry_run"]:
            self.stdout.write(f"{path.name} is valid: {len(entries)} figure(s) for {period_label(key)}; nothing saved.")
            return
        try:
            result = services.figures_save(period_key=key, entries=entries, by=user, means=ChangeMeans.COMMAND)
        except services.FiguresNotSaved as refused:
            for ref, problem in refused.problems.items():
                self.stderr.write(f"Indicator {ref}: {problem}")
            raise CommandError("Nothing was saved.") from refused
        self.stdout.write(self.style.SUCCESS(f"{period_label(key)} imported from {path.name}: {result.summary()}."))
