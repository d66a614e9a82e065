"""The DREAM-compatible public API, at the paths of the real system's public API under /marketplace/public/."""

from django.urls import path

from publishing import dream_compat

app_name = "dream_compat"

urlpatterns = [
    path("dream/ideas", dream_compat.ideas, name="ideas"),
    path("dream/ideas/<str:identifier>", dream_compat.idea, name="idea"),
    path("dream/objects/<str:identifier>", dream_compat.investment_object, name="object"),
    path("companies/<str:identifier>", dream_compat.company, name="company"),
]
