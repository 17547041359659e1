"""Console home: today's to-do list for the viewer's role."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from hiroba.console.context import console_context
from hiroba.console.decorators import console_view


@require_GET
@console_view
def home(request):
    return render(request, "console/home.html", console_context(request, "home"))


urlpatterns = [path("", home, name="home")]
