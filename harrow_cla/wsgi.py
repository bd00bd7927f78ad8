"""The WSGI application gunicorn serves; `make bench` sets its process up through here too."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrow_cla.settings")

application = get_wsgi_application()

# What is loaded by now (modules, settings, the apps' registries) lives as long as the worker:
# frozen out of the garbage collector's generations, it is no longer scanned by the collections
# a request's allocations set off. And a request makes tens of thousands of short-lived objects
# (a 400-indicator scorecard's cells) that reference counting frees: collecting after every 700
# scans the live ones again and again. Together about a tenth of a cold 400-indicator scorecard
# (`make bench`).
gc.freeze()
gc.set_threshold(50_000, 20, 20)
