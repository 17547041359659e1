"""Console: dashboard."""

urlpatterns: list = []
