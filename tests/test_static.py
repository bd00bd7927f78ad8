"""Static files: hashed names served with far-future immutable caching once collected
(DEBUG off, as in production), and Plotly's bundle only on pages with a chart."""

from __future__ import annotations

from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

PLOTLY = "vendor/plotly/plotly-basic.min.js"


def test_collected_static_files_are_cached_as_immutable(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    url = static(PLOTLY)
    assert url != f"/static/{PLOTLY}" and url.endswith(".js")  # a hashed name

    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    css = Client().get(static("css/site.css"))
    assert "immutable" in css["Cache-Control"]


def test_plotly_is_loaded_only_on_pages_with_a_chart(officer_client, deck):
    assert PLOTLY not in officer_client.get("/").content.decode()
    assert PLOTLY not in officer_client.get("/reports/").content.decode()
    assert PLOTLY in officer_client.get("/indicators/9/").content.decode()
    assert PLOTLY in officer_client.get("/demographics/").content.decode()
