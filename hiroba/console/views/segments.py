"""Console: segments."""

urlpatterns: list = []
