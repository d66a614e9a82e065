from django.urls import path

from showcase import views

app_name = "showcase"

urlpatterns = [
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/<str:code>/pledge/", views.pledge, name="pledge"),
    path("cabinet/portfolio/", views.portfolio, name="portfolio"),
]
