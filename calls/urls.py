from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("", views.call_list, name="list"),
    path("<slug:code>/", views.call_detail, name="detail"),
    path("<slug:code>/ranking/", views.call_ranking, name="ranking"),
]
