"""Console home: today's to-do list for the viewer's role, and the members to welcome."""

from datetime import timedelta

from django.conf import settings
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from hiroba.accounts.selectors import list_new_members
from hiroba.console.context import console_context
from hiroba.console.decorators import console_view
from hiroba.console.todo import todo_for


@require_GET
@console_view
def home(request):
    items = todo_for(request.user)
    return render(
        request,
        "console/home/home.html",
        console_context(request, "home", items=items, open_count=sum(not i.done for i in items)),
    )


@require_GET
@console_view
def new_members(request):
    days = settings.HIROBA_TODO_NEW_MEMBER_DAYS
    page = list_new_members(
        joined_since=timezone.now() - timedelta(days=days), cursor=request.GET.get("cursor")
    )
    context = console_context(request, "home", page=page, days=days)
    template = (
        "console/home/_new_members_page.html" if request.htmx else "console/home/new_members.html"
    )
    return render(request, template, context)


urlpatterns = [
    path("", home, name="home"),
    path("new-members/", new_members, name="new_members"),
]
