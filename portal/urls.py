from django.urls import path

from portal import guide, overview, views

app_name = "portal"

urlpatterns = [
    path("", overview.home, name="home"),
    path("projects/", views.project_list, name="projects"),
    path("projects/export.csv", overview.export_csv, name="export-csv"),
    path("projects/export.xlsx", overview.export_xlsx, name="export-xlsx"),
    path("projects/<str:code>/", views.project_detail, name="project"),
    path("projects/<str:code>/documents/<int:document_id>/", views.document, name="document"),
    path("dashboards/", overview.dashboards, name="dashboards"),
    path("map/", overview.project_map, name="map"),
    path("territories/<str:code>/", overview.territory_page, name="territory"),
    path("organisations/<str:edrpou>/", overview.organisation_page, name="organisation"),
    path("help/", guide.help_index, name="help"),
    path("help/fields/", guide.help_fields, name="help-fields"),
    path("help/templates/<slug:name>.csv", guide.help_template, name="help-template"),
    path("downloads/", views.downloads, name="downloads"),
    path("downloads/<path:path>", views.download, name="download"),
    path("static-plotly.js", views.plotly_script, name="plotly"),
    path("language/", views.switch_language, name="language"),
]
