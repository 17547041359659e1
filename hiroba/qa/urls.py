app_name = "qa"

urlpatterns: list = []
