from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("", views.project_list, name="projects"),
    path("projects/<str:code>/", views.project_detail, name="project"),
    path("projects/<str:code>/documents/<int:document_id>/", views.document, name="document"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<path:path>", views.download, name="download"),
    path("static-plotly.js", views.plotly_script, name="plotly"),
]
