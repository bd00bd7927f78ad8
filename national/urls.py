from django.urls import path, re_path

from national import views

urlpatterns = [
    path("national/import/", views.import_files, name="national_import"),
    path("national/import/confirm/", views.confirm_import, name="national_import_confirm"),
    path("indicators/<str:ref>/benchmark/<int:year>/", views.benchmark_page, name="benchmark"),
    re_path(
        r"^api/indicators/(?P<ref>[^/]+)/councils/(?P<year>[0-9]{4})\.json$",
        views.councils_json,
        name="api_indicator_councils",
    ),  # fmt: skip
]
