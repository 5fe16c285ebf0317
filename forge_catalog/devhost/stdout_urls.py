"""Mounted by the devhost project under /devhost/ (forge_catalog/devhost/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("jobs/<int:pk>/stdout/", views.job_stdout, name="devhost-job-stdout"),
]
