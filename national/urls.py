from django.urls import path, re_path

from national import neighbour_views, views

urlpatterns = [
    path("national/import/", views.import_files, name="national_import"),
    path("national/import/confirm/", views.confirm_import, name="national_import_confirm"),
    path("indicators/<str:ref>/benchmark/<int:year>/", views.benchmark_page, name="benchmark"),
    path(
        "indicators/<str:ref>/benchmark/<int:year>/neighbours/",
        neighbour_views.neighbour_values,
        name="neighbour_values",
    ),  # fmt: skip
    # The old address took the year a financial year starts in: moved for good to DfE's year.
    path(
        "indicators/<str:ref>/neighbours/<int:start_year>/",
        neighbour_views.old_neighbour_values,
        name="old_neighbour_values",
    ),  # fmt: skip
    re_path(
        r"^api/indicators/(?P<ref>[^/]+)/councils/(?P<year>[0-9]{4})\.json$",
        views.councils_json,
        name="api_indicator_councils",
    ),  # fmt: skip
]
