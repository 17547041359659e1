"""The static files' storage of production: WhiteNoise's compressed manifest storage, with each
asset's address worked out once per process.

Every page asks for the same few addresses (the stylesheets, the scripts, the icons), and each
``{% static %}`` parsed, hashed and joined its name again: a tenth of a millisecond a page for
an answer that cannot change while the process runs, since the manifest is read when the
storage is made and ``collectstatic`` makes a new one. Only the addresses asked for are kept,
and names come from templates, so they are few.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

KEEP = 1024


class KeptManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = super().url(name)  # a name missing from the manifest raises, and is not kept
            if len(self._urls) < KEEP:
                self._urls[name] = url
        return url
