"""python manage.py compute_903 FILE... --as-at 2024-03-31 [--population N] [--postcodes FILE]
[--previous FILE...] [--history] [--json] [--save --period "Q4 2023-24" --user NAME]

Exit status 0 whenever it computed (whatever issues the extract has); non-zero only when
it could not read the extract, or the options are wrong."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scorecard import entry_selectors
from scorecard import services as scorecard_services
from scorecard.periods import parse_period, period_dates, period_label
from ssda903 import reconcile, services
from ssda903.definitions import Computed
from ssda903.pipeline import as_json, compute_from_files
from ssda903.readers import MAX_FILE_BYTES


def _read(path: str) -> tuple[str, bytes]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: there is no such file.")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise CommandError(f"{path}: the file is larger than {MAX_FILE_BYTES >> 20} MB.")
    return file.name, file.read_bytes()


class Command(BaseCommand):
    help = (
        "Compute the scorecard's indicators from an SSDA903 extract (the tables as CSV files, or the 903 XML "
        "file), read in memory, despite its issues (each listed with DfE's rule number and the children it leaves "
        "out of each figure). --history computes every quarter end it covers too. --json prints the aggregates "
        "and saves nothing; --save accepts every computed figure into the period as provisional, in history."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--as-at", help="The date D, as yyyy-mm-dd (default: the end of --period).")
        parser.add_argument("--population", type=int, help="The child population aged 0 to 17, for the rate.")
        parser.add_argument("--postcodes", help="A CSV lookup of postcode, easting, northing, for distances.")
        parser.add_argument("--previous", nargs="+", metavar="FILE", help="Last year's return, for DfE's rules "
                            "that compare with it.")  # fmt: skip
        parser.add_argument("--history", action="store_true", help="Also compute each quarter end before D "
                            "(up to 12 dates in all).")  # fmt: skip
        parser.add_argument("--json", action="store_true", help="Print the aggregates as JSON; save nothing.")
        parser.add_argument("--save", action="store_true", help="Save the computed figures into --period.")
        parser.add_argument("--period", help='The period to save into, e.g. "Q4 2023-24".')
        parser.add_argument("--user", help="Who the history records the figures as saved by.")

    def handle(self, *args, **options):
        if options["json"] and options["save"]:
            raise CommandError("--json prints and saves nothing: leave out --save, or --json.")
        if options["history"] and options["save"]:
            raise CommandError("--save saves the period's own figures: leave out --history (accept past quarters "
                               "on the page).")  # fmt: skip
        key = None
        if options["period"]:
            key = parse_period(options["period"])
            if key is None:
                raise CommandError(f"“{options['period']}” is not a period: write it like “Q4 2023-24” or “2023-24”.")
        as_at = self._as_at(options["as_at"], key)
        user = self._user(options) if options["save"] else None

        computation = compute_from_files(
            [_read(path) for path in options["files"]],
            as_at=as_at,
            population=options["population"],
            postcodes=_read(options["postcodes"]) if options["postcodes"] else None,
            history=options["history"],
            previous=[_read(path) for path in options["previous"] or []],
        )
        if computation.problems:
            lines = [str(p) for p in computation.shown_problems]
            if computation.more_problems:
                lines.append(f"And {computation.more_problems} more.")
            raise CommandError("The extract could not be read; nothing was computed or saved:\n" + "\n".join(lines))

        if options["json"]:
            self.stdout.write(json.dumps(as_json(computation, history=options["history"]), indent=2))
            return
        for line in computation.summary:
            self.stdout.write(line)
        if computation.issues:
            self.stdout.write(f"{len(computation.issues):,} issues (the first {len(computation.shown_issues)}):")
            for issue in computation.shown_issues:
                self.stdout.write(f"  {issue}")
        for at in computation.dates:
            if options["history"]:
                self.stdout.write(f"As at {at.as_at:%d/%m/%Y}:")
            for ref, outcome in at.outcomes.items():
                shown = reconcile.computed_text(outcome, 0 if outcome.denominator is None else 1) if isinstance(
                    outcome, Computed) else f"not computed: {outcome.reason}"  # fmt: skip
                left = f"; {at.left_out[ref].text}" if ref in at.left_out else ""
                self.stdout.write(f"{ref:>3}  {shown}{left}")
        if not options["save"]:
            self.stdout.write(f"Computed as at {as_at:%d/%m/%Y}; nothing saved (use --save --period --user to save).")
            return

        units = {row.indicator.ref: row for row in entry_selectors.entry_rows(key)}
        aggregates = {
            ref: {
                "unit": outcome.unit,
                "numerator": outcome.numerator,
                "denominator": outcome.denominator,
                "version": units[ref].figure.version if units[ref].figure else 0,
                "left_out": computation.left_out[ref].count if ref in computation.left_out else 0,
            }
            for ref, outcome in computation.outcomes.items()
            if isinstance(outcome, Computed)
            and ref in units
            and isinstance(reconcile.for_unit(outcome, units[ref].indicator.unit), Computed)
            and not (units[ref].figure and units[ref].figure.status == "final")
        }
        try:
            result = services.computed_figures_accept(
                aggregates={key: aggregates}, file_names=computation.files, by=user
            )
        except scorecard_services.FiguresNotSaved as refused:
            raise CommandError(
                "Nothing was saved:\n" + "\n".join(f"{r}: {p}" for r, p in refused.problems.items())
            ) from refused
        locked = [
            r
            for r, row in units.items()
            if row.figure and row.figure.status == "final" and isinstance(computation.outcomes.get(r), Computed)
        ]
        left = f"; {len(locked)} final (locked) figures left as they are" if locked else ""
        self.stdout.write(
            f"{period_label(key)}: {len(aggregates)} computed figures saved as provisional: {result.summary()}{left}."
        )

    def _as_at(self, text: str | None, key) -> date:
        end = period_dates(key)[1] if key else None
        if text is None:
            if end is None:
                raise CommandError("Give --as-at (yyyy-mm-dd), or --period.")
            return end
        try:
            as_at = date.fromisoformat(text)
        except ValueError as error:
            raise CommandError(f"--as-at “{text}” is not a date: write it as yyyy-mm-dd.") from error
        if end is not None and as_at != end:
            raise CommandError(f"--as-at {as_at:%d/%m/%Y} is not the end of {period_label(key)} ({end:%d/%m/%Y}).")
        return as_at

    def _user(self, options):
        if options["period"] is None or options["user"] is None:
            raise CommandError("--save needs --period and --user.")
        try:
            return get_user_model().objects.get(username=options["user"])
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no user “{options['user']}”.") from error
