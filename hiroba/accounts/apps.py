from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hiroba.accounts"
    label = "accounts"

    def ready(self) -> None:
        from hiroba.accounts import jobs  # noqa: F401  (the job consumer only autodiscovers ``tasks``)
        from hiroba.accounts.models import outsiders_q
        from hiroba.activity.health.outsiders import register_outsiders

        # The activity log, below accounts, counts members by this rule without importing it.
        register_outsiders(outsiders_q)
