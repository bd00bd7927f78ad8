from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from national import services


class Command(BaseCommand):
    help = (
        "Load DfE's national statistics files (tidy CSVs from Explore Education Statistics) with the same checks "
        "as the import page: each file is recognised by its columns; nothing is saved unless every file is valid. "
        "The same file loaded again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="DfE CSV files, e.g. la_care_leavers_activity.csv")
        parser.add_argument("--user", help="Username recorded as loading the files")
        parser.add_argument("--dry-run", action="store_true", help="Check the files and report; save nothing")

    def handle(self, *args, **options):
        paths = [Path(name) for name in options["files"]]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"There is no file at {path}.")
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"There is no user “{options['user']}”.")
        plan = services.national_import_plan(files=[(path.name, path.read_bytes()) for path in paths])
        if not plan.ok:
            for file in plan.files:
                for problem in file.problems:
                    self.stderr.write(f"{file.name}: {problem}")
            raise CommandError(f"{sum(len(f.problems) for f in plan.files)} problem(s); nothing was saved.")
        for file in plan.files:
            self.stdout.write(
                f"{file.name} ({file.kind}.csv, {file.rows_read} rows): {file.created} new, {file.changed} changed, "
                f"{file.unchanged} unchanged{', loaded before' if file.already else ''}."
            )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing saved.")
            return
        loaded = services.national_import(plan=plan, by=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(loaded)} of {len(plan.files)} file(s); {plan.changes} value(s) new or changed."
            )
        )
