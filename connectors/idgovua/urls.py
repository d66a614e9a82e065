from django.urls import path

from connectors.idgovua import views

app_name = "idgovua"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("callback/", views.callback, name="callback"),
    path("requests/mine/", views.my_requests, name="my_requests"),
    path("requests/", views.pending, name="pending"),
    path("requests/<int:request_id>/approve/", views.approve, name="approve"),
    path("requests/<int:request_id>/refuse/", views.refuse, name="refuse"),
]
