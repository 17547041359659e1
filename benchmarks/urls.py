"""The production URLs plus /bench/hello/: the floor the page figures are compared with.

The hello view goes through the whole middleware stack (sessions, authentication, the community
middleware, visit recording) but runs no query of its own and renders no template.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as production_urlpatterns


def hello(request):
    who = request.user.pk if request.user.is_authenticated else "anonymous"
    return HttpResponse(f"hello {who}\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *production_urlpatterns]
