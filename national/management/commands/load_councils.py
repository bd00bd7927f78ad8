from __future__ import annotations

from django.core.management.base import BaseCommand

from national.councils import councils_load, groupings


class Command(BaseCommand):
    help = (
        "Load every English council and DfE's statistical-neighbour groups from the files in national/data/ "
        "that groupings.csv lists (done after every migrate when there are none). Councils are kept; groups are "
        "replaced."
    )

    def handle(self, *args, **options):
        councils, links = councils_load()
        files = ", ".join(g.file for g in groupings())
        self.stdout.write(self.style.SUCCESS(f"{councils} councils, {links} neighbour links from {files}."))
