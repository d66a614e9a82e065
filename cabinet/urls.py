from django.urls import path

from cabinet import views, watching

app_name = "cabinet"

urlpatterns = [
    path("", views.home, name="home"),
    path("projects/new/", views.new_project, name="new"),
    path("projects/<str:code>/submit/", views.submit, name="submit"),
    path("projects/<str:code>/step/", views.editor_step, name="step"),
    path("projects/<str:code>/decision/", views.review, name="review"),
    # Before the passport's steps, whose pattern would take these names for steps.
    path("projects/<str:code>/watch/", watching.watch, name="watch"),
    path("projects/<str:code>/stop-watching/", watching.stop_watching, name="stop-watching"),
    path("projects/<str:code>/<slug:step>/", views.passport, name="passport"),
]
