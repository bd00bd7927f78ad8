from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from scorecard.health import healthz
from scorecard.security import security_txt

admin.site.site_header = "Corporate Parenting scorecard: administration"
admin.site.site_title = "Scorecard admin"
admin.site.login = secure_admin_login(admin.site.login)  # the product's sign-in, with its lockout and MFA

urlpatterns = [
    path("admin/", admin.site.urls),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("healthz", healthz, name="healthz"),
    path("", include("accounts.urls")),
    path("", include("alerts.urls")),
    path("", include("national.urls")),
    path("", include("scorecard.urls")),
    path("", include("ssda903.urls")),
]

handler403 = "accounts.views.permission_denied"  # a user without a role is told whom to ask
handler500 = "scorecard.security.server_error"  # a locked database is "busy", not an error

if settings.BENCH_FLOOR_VIEW:  # `make bench` only: the framework's floor, served by the same process

    def bench_floor(request):
        return HttpResponse("ok", content_type="text/plain")

    urlpatterns.append(path("bench/floor/", bench_floor, name="bench_floor"))
