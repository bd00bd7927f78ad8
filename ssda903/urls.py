from django.urls import path

from ssda903 import views

urlpatterns = [
    path("periods/<str:period>/compute-903/", views.compute_903, name="compute_903"),
    path("periods/<str:period>/compute-903/accept/", views.accept_903, name="accept_903"),
]
