"""Console: members."""

urlpatterns: list = []
