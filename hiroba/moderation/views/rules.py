"""Staff manage word rules (moderators) and the new-member hold (managers)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hiroba.accounts.permissions import is_manager
from hiroba.community.selectors import get_community
from hiroba.core.forms import apply_errors
from hiroba.moderation import selectors, services
from hiroba.moderation.forms import HoldFirstPostsForm, WordRuleForm
from hiroba.moderation.models import WordRule
from hiroba.moderation.permissions import require_queue_access


@login_required
def word_rules(request):
    require_queue_access(request.user)
    form = WordRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_word_rule(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The word rule is added."))
            return redirect("moderation:word_rules")
    hold_form = HoldFirstPostsForm(initial={"hold_first_posts": get_community().hold_first_posts})
    return render(
        request,
        "moderation/word_rules.html",
        {
            "form": form,
            "rules": selectors.list_word_rules(),
            "hold_form": hold_form,
            "can_set_hold": is_manager(request.user),
        },
    )


def _rule(rule_id) -> WordRule:
    return get_object_or_404(WordRule, pk=rule_id)


@login_required
@require_POST
def toggle_word_rule(request, rule_id: int):
    require_queue_access(request.user)
    rule = _rule(rule_id)
    services.change_word_rule(actor=request.user, rule=rule, is_active=not rule.is_active)
    messages.success(request, _("The word rule is changed."))
    return redirect("moderation:word_rules")


@login_required
@require_POST
def remove_word_rule(request, rule_id: int):
    require_queue_access(request.user)
    services.remove_word_rule(actor=request.user, rule=_rule(rule_id))
    messages.success(request, _("The word rule is removed."))
    return redirect("moderation:word_rules")


@login_required
@require_POST
def hold_first_posts(request):
    require_queue_access(request.user)
    form = HoldFirstPostsForm(request.POST)
    if form.is_valid():
        services.set_hold_first_posts(
            actor=request.user, count=form.cleaned_data["hold_first_posts"]
        )
        messages.success(request, _("The setting is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("moderation:word_rules")
