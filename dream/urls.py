from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dream.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/idgovua/", include("connectors.idgovua.urls")),
    path("marketplace/public/", include("publishing.dream_urls")),
    path("cabinet/conversations/", include("conversations.urls")),
    path("", include("showcase.urls")),
    path("cabinet/", include("cabinet.urls")),
    path("calls/", include("calls.urls")),
    path("", include("portal.urls")),
]
