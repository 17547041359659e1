from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hiroba.accounts.permissions import require_manager
from hiroba.accounts.selectors import members_with_handle
from hiroba.community import services
from hiroba.community.forms import CommunitySettingsForm, InviteForm, SpaceForm
from hiroba.community.models import Space, SpaceMembership
from hiroba.community.permissions import access_space
from hiroba.community.selectors import get_community
from hiroba.core.forms import apply_errors, form_status, handle_form


def guidelines(request):
    return render(request, "community/guidelines.html", {"community": get_community()})


@login_required
@require_POST
def join(request, slug):
    space = access_space(request.user, slug)
    if services.join_space(actor=request.user, space=space):
        messages.success(request, _("You joined %(space)s.") % {"space": space.name})
    return redirect("posts:space", slug=space.slug)


@login_required
@require_POST
def leave(request, slug):
    space = access_space(request.user, slug)
    if services.leave_space(actor=request.user, space=space):
        messages.success(request, _("You left %(space)s.") % {"space": space.name})
    return redirect("posts:space", slug=space.slug)


@login_required
def settings_page(request):
    require_manager(request.user)
    community = get_community()
    if request.method == "POST":
        form = CommunitySettingsForm(request.POST, request.FILES, instance=community)
    else:
        form = CommunitySettingsForm(instance=community)

    def save(data):
        changes = {f: data[f] for f in CommunitySettingsForm.Meta.fields}
        return services.update_community_settings(
            actor=request.user, logo=data.get("logo_upload"), **changes
        )

    def saved(_community):
        messages.success(request, _("The community settings are saved."))
        return redirect("community:settings")

    return handle_form(
        form,
        act=save,
        done=saved,
        page=lambda status: render(
            request, "community/settings.html", {"form": form}, status=status
        ),
        fields={"logo": "logo_upload"},
    )


@login_required
def spaces_page(request):
    require_manager(request.user)
    form = SpaceForm(request.POST) if request.method == "POST" else SpaceForm()

    def created(space):
        messages.success(request, _("The space %(space)s is created.") % {"space": space.name})
        return redirect("community:spaces")

    return handle_form(
        form,
        act=lambda data: services.create_space(
            actor=request.user,
            slug=data["slug"],
            name=data["name"],
            description=data["description"],
            visibility=data["visibility"],
            position=data["position"],
            allows_ideas=data["allows_ideas"],
        ),
        done=created,
        page=lambda status: render(
            request,
            "community/spaces.html",
            {"form": form, "spaces": Space.objects.order_by("position", "id")},
            status=status,
        ),
    )


@login_required
def space_edit(request, slug):
    require_manager(request.user)
    space = get_object_or_404(Space, slug=slug)
    invite_form = InviteForm()
    if request.method == "POST" and "handle" in request.POST:
        invite_form = InviteForm(request.POST)
        if invite_form.is_valid():
            handle = invite_form.cleaned_data["handle"].lstrip("@")
            member = members_with_handle(handle).filter(is_official=False).first()
            if member is None:
                invite_form.add_error("handle", _("No member has this handle."))
            else:
                services.invite_to_space(actor=request.user, space=space, member=member)
                messages.success(
                    request, _("%(name)s can now see this space.") % {"name": member.display_name}
                )
                return redirect("community:space_edit", slug=space.slug)
        form = SpaceForm(instance=space)
    elif request.method == "POST":
        form = SpaceForm(request.POST, instance=Space.objects.get(pk=space.pk))
        if form.is_valid():
            changes = {
                f: form.cleaned_data[f]
                for f in (
                    "name",
                    "description",
                    "visibility",
                    "position",
                    "allows_ideas",
                    "is_archived",
                )
            }
            try:
                services.update_space(actor=request.user, space=space, **changes)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The space is saved."))
                return redirect("community:spaces")
    else:
        form = SpaceForm(instance=space)
    form.fields["slug"].disabled = True
    members = space.memberships.select_related("member").order_by("-joined_at")[:100]
    return render(
        request,
        "community/space_edit.html",
        {"form": form, "space": space, "invite_form": invite_form, "memberships": members},
        status=form_status(form, invite_form),
    )


@login_required
@require_POST
def space_remove_member(request, slug, member_id):
    require_manager(request.user)
    space = get_object_or_404(Space, slug=slug)
    membership = get_object_or_404(
        SpaceMembership.objects.select_related("member"), space=space, member_id=member_id
    )
    member = membership.member
    if services.remove_from_space(actor=request.user, space=space, member=member):
        messages.success(
            request,
            _("%(name)s was removed from %(space)s.")
            % {"name": member.display_name, "space": space.name},
        )
    return redirect("community:space_edit", slug=space.slug)


# Pages for members and staff only, and endless query variants, stay out of search engines.
ROBOTS_DISALLOW = (
    "/accounts/",
    "/api/",
    "/console/",
    "/manage/",
    "/moderation/",
    "/search/",
    "/i18n/",
)


@require_GET
def robots_txt(request):
    """An open community points crawlers at its sitemap of public content; a closed one asks
    them away."""
    lines = ["User-agent: *"]
    if get_community().is_open:
        lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
        lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    else:
        lines.append("Disallow: /")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
