"""The test suite's settings: production settings with plain static file names
(tests do not run collectstatic) and a fast password hasher."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "t" * 40)

from harrow_cla.settings import *  # noqa: E402,F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STATIC_ROOT = None  # tests serve static files from static/ through the finders; nothing is collected
# Publishing prints the report's PDFs; tests that want that turn it on.
REPORT_PDFS_AT_PUBLISH = False
MEDIA_ROOT = tempfile.mkdtemp(prefix="harrow-cla-test-media-")
# Under pytest-xdist every worker keeps its cache keys under a prefix of its own, and the tests
# empty only their worker's keys (tests/conftest.py), so that workers sharing one Redis database
# never empty each other's cache.
TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
CACHES["default"]["KEY_PREFIX"] = f"harrow_cla_test_{TEST_WORKER or 'main'}"  # noqa: F405
