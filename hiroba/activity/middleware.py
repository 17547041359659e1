from hiroba.activity.services import record_visit


class VisitMiddleware:
    """Records a member's visit (throttled in record_visit) on page views, not API calls or assets."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and request.method == "GET"
            and response.status_code == 200
            and not request.path.startswith(("/api/", "/static/", "/media/"))
            and not getattr(request, "htmx", False)
        ):
            record_visit(actor=user, session=request.session, path=request.path)
        return response
