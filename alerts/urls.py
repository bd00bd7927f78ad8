from django.urls import path

from alerts import views

urlpatterns = [
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="alerts_unsubscribe"),
]
