from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def idgovua_enabled() -> bool:
    """Tell whether this deployment can sign people in with id.gov.ua."""
    return bool(settings.DREAM_IDGOVUA["client_id"])
