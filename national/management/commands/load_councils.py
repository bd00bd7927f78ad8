from __future__ import annotations

from django.core.management.base import BaseCommand

from national.councils import GROUP_FILES, councils_load


class Command(BaseCommand):
    help = (
        "Load every English council and DfE's 2021 and 2025 statistical-neighbour groups from the files in "
        "national/data/ (done after every migrate when there are none). Councils are kept; groups are replaced."
    )

    def handle(self, *args, **options):
        councils, links = councils_load()
        files = ", ".join(path.name for path in GROUP_FILES.values())
        self.stdout.write(self.style.SUCCESS(f"{councils} councils, {links} neighbour links from {files}."))
