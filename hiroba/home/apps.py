from django.apps import AppConfig


class HomeConfig(AppConfig):
    """The composition layer's pages: the home page and a member's page, which gather what the
    apps below them show (posts, surveys, and later events and campaigns) by calling them."""

    name = "hiroba.home"
    label = "home"
