from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.open_thread, name="open"),
    path("<int:thread_id>/", views.thread, name="thread"),
    path("<int:thread_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
