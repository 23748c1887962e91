"""What the sourcing pages share."""

from django.contrib import messages

from caremarket.core.errors import ApplicationError, NotFound, PermissionDenied


def attempt(request, service, **kwargs):
    """Run a service for a button; a refusal comes back as the page's error message. Not
    found and permission errors still become their error pages."""
    try:
        return service(**kwargs) or True
    except (NotFound, PermissionDenied):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None
