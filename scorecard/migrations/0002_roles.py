"""The three roles as groups: panel members read, officers also enter figures,
admins may change everything."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READ = ["view_indicator", "view_period", "view_figure", "view_target", "view_comparator",
        "view_comparatorvalue", "view_demographicseries", "view_demographicshare"]
ENTER = ["add_figure", "change_figure", "add_demographicseries", "change_demographicseries",
         "add_demographicshare", "change_demographicshare", "add_period"]


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    scorecard_perms = Permission.objects.filter(content_type__app_label="scorecard")
    roles = {
        "Panel members": scorecard_perms.filter(codename__in=READ),
        "Officers": scorecard_perms.filter(codename__in=READ + ENTER),
        "Admins": Permission.objects.filter(content_type__app_label__in=["scorecard", "auth"]),
    }
    for name, permissions in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Panel members", "Officers", "Admins"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scorecard", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
