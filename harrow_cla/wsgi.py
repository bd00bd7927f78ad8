"""The WSGI application gunicorn serves; `make bench` sets its process up through here too."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harrow_cla.settings")

application = get_wsgi_application()

# What is loaded by now (modules, settings, the apps' registries) lives as long as the worker.
# Frozen out of the garbage collector's generations, it is no longer scanned by the collections
# a request's allocations set off: a tenth of a cold 400-indicator scorecard (`make bench`).
gc.freeze()
