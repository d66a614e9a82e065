from django.contrib import admin
from django.urls import include, path

from dream.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("marketplace/public/", include("publishing.dream_urls")),
    path("", include("portal.urls")),
]
