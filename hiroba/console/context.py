"""What every console page's navigation needs to know about the viewer."""

from hiroba.console import permissions


def console_context(request, section: str, **extra) -> dict:
    user = request.user
    return {
        "console_section": section,
        "console_can": {
            "insights": permissions.can_see_insights(user),
            "segments": permissions.can_manage_segments(user),
            "events": permissions.can_run_events(user),
        },
        **extra,
    }
