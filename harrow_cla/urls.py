from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Corporate Parenting scorecard: administration"
admin.site.site_title = "Scorecard admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("scorecard.urls")),
]
