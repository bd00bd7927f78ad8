from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from national import council_setup, councils, shipped


class Command(BaseCommand):
    help = (
        "Set this database up as a council's scorecard, by DfE (old) code, ONS (new) code or name (302, E09000003, "
        "Barnet): the deck's indicators from the indicator library (or those given), their DfE sources, and the "
        "council's year-end outturns 2020-21 to 2024-25 from DfE's published figures. Serve it with COUNCIL set to "
        "the same council. An unknown council is refused with the closest matches."
    )

    def add_arguments(self, parser):
        parser.add_argument("council", help="DfE code (302), ONS code (E09000003) or name (Barnet)")
        parser.add_argument(
            "--indicators", help="Library slugs for the scorecard, comma-separated, in order (default: the deck's 14)"
        )

    def handle(self, *args, **options):
        slugs = [s.strip() for s in options["indicators"].split(",") if s.strip()] if options["indicators"] else None
        try:
            done = council_setup.setup_council(options["council"], slugs=slugs)
        except (councils.UnknownCouncil, council_setup.CouncilMismatch, ValueError) as error:
            raise CommandError(str(error)) from None
        entry = done.council
        self.stdout.write(
            self.style.SUCCESS(
                f"{entry.name} ({entry.old_code}, {entry.new_code}): {done.indicators} indicators on the scorecard "
                f"({done.library} in the library), {done.outturns} year-end outturns from DfE's published figures, "
                f"{done.values:,} DfE values loaded. {shipped.ATTRIBUTION}"
            )
        )
        self.stdout.write(f"Serve it as {entry.name}: COUNCIL={entry.old_code} make run")
