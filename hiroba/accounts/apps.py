from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hiroba.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hiroba.accounts import jobs  # noqa: F401  (the job consumer only autodiscovers ``tasks``)
