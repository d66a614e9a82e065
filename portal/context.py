"""What every page's template may use."""

import plotly
from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, str]:
    """Give templates the version of plotly.js, which is part of its address so that browsers keep it a year."""
    return {"plotly_version": plotly.__version__}
