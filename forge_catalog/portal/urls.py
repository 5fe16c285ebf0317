from django.urls import path

from . import views

app_name = "forge_catalog_portal"

urlpatterns = [
    path("", views.portal, name="portal"),
]
