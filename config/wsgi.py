import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL map) lives as long as the process. Moving
# it out of the collector's reach keeps full collections short: at mineo scale they otherwise
# added 50 ms pauses to one search in a hundred (benchmarks/search.py).
gc.collect()
gc.freeze()
