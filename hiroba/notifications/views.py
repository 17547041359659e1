"""Notification pages: the list, opening one, marking all read, e-mail settings. Thin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hiroba.notifications import selectors, services
from hiroba.notifications.forms import SettingsForm
from hiroba.notifications.messages import render_message
from hiroba.notifications.permissions import access_notification


@require_GET
@login_required
def notification_list(request):
    page = selectors.list_notifications(request.user, cursor=request.GET.get("cursor"))
    for item in page.items:
        item.message = render_message(item.verb, item.params, item.actor)
    context = {"page": page}
    if request.htmx and request.GET.get("cursor"):
        return render(request, "notifications/_list_page.html", context)
    return render(request, "notifications/list.html", context)


@require_GET
@login_required
def open_notification(request, notification_id: int):
    """Mark it read and go to what it is about: a path on this site, or else the list."""
    notification = access_notification(request.user, notification_id)
    services.mark_read(actor=request.user, notification=notification)
    if services.is_local_url(notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request):
    changed = services.mark_all_read(actor=request.user)
    if changed:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            services.save_settings(actor=request.user, email=form.cleaned_data)
            messages.success(request, _("Your notification settings are saved."))
            return redirect("notifications:settings")
    else:
        form = SettingsForm(initial=selectors.email_choices(request.user))
    return render(request, "notifications/settings.html", {"form": form})
