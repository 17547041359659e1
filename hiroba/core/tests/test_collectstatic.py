"""Production collects the static files into hashed, compressed copies (whitenoise's manifest
storage), which fails on any file that names a file it does not ship (a vendored library's
``sourceMappingURL`` without its ``.map``). Run as production does."""

from django.core.management import call_command


def test_collectstatic_succeeds_with_the_production_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()
