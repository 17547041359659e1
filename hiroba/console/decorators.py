"""The console's doors: logged out goes to the login page, logged in without the role gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login

from hiroba.console import permissions


def _guard(check):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            check(request.user)  # Refused is a PermissionDenied: Django answers 403
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


console_view = _guard(permissions.require_console)
insights_view = _guard(permissions.require_insights)
segments_view = _guard(permissions.require_segments)
events_view = _guard(permissions.require_events)
