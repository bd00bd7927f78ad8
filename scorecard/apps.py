from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(**kwargs):
    from django.contrib.auth.models import Group, Permission

    from scorecard.roles import sync_roles

    sync_roles(Group, Permission)


class ScorecardConfig(AppConfig):
    name = "scorecard"
    verbose_name = "Corporate Parenting scorecard"

    def ready(self):
        # Runs after auth has made this app's permissions (auth is earlier in INSTALLED_APPS).
        post_migrate.connect(_sync_roles, sender=self)
        from scorecard import data_version

        data_version.connect()
