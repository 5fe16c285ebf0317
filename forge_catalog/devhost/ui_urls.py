"""The devhost's UI, mounted behind the catch-all ``^(?!api/).*`` as AWX
mounts awx/ui/urls.py: the catch-all consumes the path, ``^$`` serves it."""

from django.urls import re_path

from . import site_views

app_name = "ui"

urlpatterns = [re_path(r"^$", site_views.ui_index, name="index")]
