"""Console: report."""

urlpatterns: list = []
