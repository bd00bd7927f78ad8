"""Run once in the provider's process: its tables, its users and the scorecard's client."""

import json
import os
import sys

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

call_command("migrate", verbosity=0)
with open(os.environ["OP_CLAIMS_FILE"]) as file:
    for username in json.load(file):
        if not username.startswith("_"):
            User.objects.create_user(username, password=os.environ["OP_PASSWORD"])
Application.objects.create(
    name="Corporate Parenting scorecard",
    client_id=os.environ["OP_CLIENT_ID"],
    client_secret=os.environ["OP_CLIENT_SECRET"],
    client_type=Application.CLIENT_CONFIDENTIAL,
    authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
    redirect_uris=sys.argv[1],
    algorithm=Application.RS256_ALGORITHM,
    skip_authorization=True,
)
