from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _after_migrate(**kwargs):
    from django.contrib.auth.models import Group, Permission

    from national import councils
    from scorecard.roles import sync_roles

    # This app's permissions exist only now (after the scorecard's own sync): give them to the roles.
    sync_roles(Group, Permission)
    councils.councils_load_if_empty()


class NationalConfig(AppConfig):
    name = "national"
    verbose_name = "National statistics (DfE)"

    def ready(self):
        # After every migrate, and every flush (a test database emptied between tests),
        # the councils and DfE's neighbour groups are there, as the roles are.
        post_migrate.connect(_after_migrate, sender=self)
