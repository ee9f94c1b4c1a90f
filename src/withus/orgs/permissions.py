from functools import wraps

from django.core.exceptions import PermissionDenied

from withus.orgs.capabilities import Capability


def capability_required(capability: Capability):
    """Allow the view only to members whose role holds `capability`; others get 403.

    Membership itself is checked by OrganisationMiddleware before any view runs.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or not membership.has(capability):
                raise PermissionDenied(f"This needs the {capability.value} capability.")
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator


def any_capability_required(*capabilities: Capability):
    """Allow the view to members holding any one of `capabilities` (for pages shared by two
    roles, such as payments: coordinators draft them, finance officers approve them)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = getattr(request, "membership", None)
            if membership is None or not any(membership.has(c) for c in capabilities):
                names = " or ".join(c.value for c in capabilities)
                raise PermissionDenied(f"This needs the {names} capability.")
            return view(request, *args, **kwargs)

        wrapped.required_capability = capabilities
        return wrapped

    return decorator
