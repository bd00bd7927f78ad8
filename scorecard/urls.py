from django.contrib.auth import views as auth_views
from django.urls import path

from scorecard import views

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("indicators/<str:ref>/", views.indicator, name="indicator"),
    path("demographics/", views.demographics, name="demographics"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
