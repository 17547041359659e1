"""The after slice's URLs, included by hiroba/events/urls.py."""

urlpatterns: list = []
