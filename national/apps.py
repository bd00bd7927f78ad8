from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _load_councils(**kwargs):
    from national import councils

    councils.councils_load_if_empty()


class NationalConfig(AppConfig):
    name = "national"
    verbose_name = "National statistics (DfE)"

    def ready(self):
        # After every migrate, and every flush (a test database emptied between tests),
        # the councils and DfE's neighbour groups are there, as the roles are.
        post_migrate.connect(_load_councils, sender=self)
