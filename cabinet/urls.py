from django.urls import path

from cabinet import views

app_name = "cabinet"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", views.new_project, name="new"),
    path("projects/<str:code>/submit/", views.submit, name="submit"),
    path("projects/<str:code>/step/", views.editor_step, name="step"),
    path("projects/<str:code>/decision/", views.review, name="review"),
    path("projects/<str:code>/<slug:step>/", views.passport, name="passport"),
]
