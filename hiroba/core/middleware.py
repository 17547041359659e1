from django.shortcuts import render

from hiroba.core.errors import Refused, answered_refusal


class RefusedMiddleware:
    """Turns a service's Refused (403) or RateLimited (429) into a page that says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused) or request.path.startswith("/api/"):
            return None
        if getattr(request, "htmx", False):
            # Shown in the page's message area instead of replacing the button that was clicked.
            response = render(
                request, "core/_flash.html", {"message": exception.message}, status=exception.status
            )
            response["HX-Retarget"] = "#flash"
            response["HX-Reswap"] = "innerHTML"
        else:
            response = render(
                request,
                "core/refused.html",
                {"message": exception.message},
                status=exception.status,
            )
        return answered_refusal(response, exception)
