from django.urls import path

from . import views

app_name = "forge_catalog_portal"

urlpatterns = [
    path("", views.portal, name="portal"),
    # A request's own page (notification deep links): the same page, which
    # reads the path and opens the request, so it works on reload too.
    path("requests/<int:pk>/", views.portal, name="request"),
    # An item's page (issue 10 item 2): the same page, which reads the path.
    path("items/<int:pk>/", views.portal, name="portal-item"),
]
