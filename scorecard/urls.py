from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from scorecard import (
    api_views,
    comparator_views,
    demographics_views,
    entry_views,
    report_views,
    upload_views,
    views,
)

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("indicators/<str:ref>/", views.indicator, name="indicator"),
    path("indicators/<str:ref>/neighbours/<int:year>/", comparator_views.neighbour_values, name="neighbour_values"),
    path("demographics/", views.demographics, name="demographics"),
    path("demographics/new/", demographics_views.new_snapshot, name="new_snapshot"),
    path("figures/", entry_views.entry_index, name="entry_index"),
    path("periods/<str:period>/figures/", entry_views.enter_figures, name="enter_figures"),
    path("periods/<str:period>/upload/", upload_views.upload_figures, name="upload_figures"),
    path("periods/<str:period>/upload/confirm/", upload_views.confirm_upload, name="confirm_upload"),
    re_path(
        r"^periods/(?P<period>[^/]+)/template\.(?P<file_format>csv|xlsx)$",
        upload_views.download_template,
        name="figures_template",
    ),
    path("figures/<int:figure_id>/unlock/", entry_views.unlock_figure, name="unlock_figure"),
    path("figures/history/<int:history_id>/restore/", entry_views.restore_figure, name="restore_figure"),
    path("reports/", report_views.reports_index, name="reports"),
    path("reports/<str:period>/", report_views.report_detail, name="report"),
    path("reports/<str:period>/report.pdf", report_views.report_pdf, name="report_pdf"),
    path("reports/<str:period>/scorecard.xlsx", report_views.report_xlsx, name="report_xlsx"),
    path("reports/<str:period>/start/", report_views.report_start, name="report_start"),
    path("reports/<str:period>/edit/", report_views.report_edit, name="report_edit"),
    path("reports/<str:period>/redraft/", report_views.report_redraft, name="report_redraft"),
    path("reports/<str:period>/publish/", report_views.report_publish, name="report_publish"),
    path("comparators/upload/", comparator_views.upload_averages, name="upload_averages"),
    path("comparators/upload/confirm/", comparator_views.confirm_averages, name="confirm_averages"),
    re_path(
        r"^comparators/template\.(?P<file_format>csv|xlsx)$",
        comparator_views.averages_template,
        name="averages_template",
    ),
    path("api/scorecard/<str:period>.json", api_views.scorecard_json, name="api_scorecard_json"),
    path("api/scorecard/<str:period>.csv", api_views.scorecard_csv, name="api_scorecard_csv"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
