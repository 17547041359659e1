"""Console: segments — the list with counts, the builder with a live count, a segment's members
and their CSV export. Managers only (segments_view); the rules live in hiroba.segments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hiroba.console.context import console_context
from hiroba.console.decorators import segments_view
from hiroba.segments import selectors, services
from hiroba.segments.export import EXPORT_FIELDS, stream_csv
from hiroba.segments.forms import SegmentForm
from hiroba.segments.rules import parse_rules, rule_labels


def _segment(segment_id: int):
    segment = selectors.get_segment(segment_id)
    if segment is None:
        raise Http404("No such segment")
    return segment


def _builder(data=None, **kwargs) -> SegmentForm:
    form = SegmentForm(data, **kwargs)
    # Picking a question loads its choices or its number range beside it.
    form.fields["answer_question"].widget.attrs.update(
        {
            "hx-get": reverse("console:segment_answer_fields"),
            "hx-target": "#answer-fields",
            "hx-trigger": "change",
        }
    )
    return form


def _render(request, template: str, **extra):
    return render(request, template, console_context(request, "segments", **extra))


@require_GET
@segments_view
def segment_list(request):
    segments = selectors.list_segments()
    for segment in segments:
        segment.labels = rule_labels(segment.rules)
    return _render(request, "console/segments/list.html", segments=segments)


@require_GET
@segments_view
def segment_count(request, segment_id: int):
    """A segment's count for the list, loaded after the page (each count is its own query)."""
    segment = _segment(segment_id)
    try:
        (count, at), error = selectors.counted_at(segment), None
    except ValidationError as refusal:
        count, at, error = None, None, " ".join(refusal.messages)
    return _render(
        request, "console/segments/_cached_count.html", count=count, as_of=at, error=error
    )


@require_POST
@segments_view
def live_count(request):
    """The builder's live count of the conditions as they are now filled in (htmx)."""
    form = SegmentForm(request.POST)
    form.fields["name"].required = False
    count = None
    if form.is_valid():
        count = selectors.members_matching(form.parsed).count()
    return _render(request, "console/segments/_live_count.html", form=form, count=count)


@require_GET
@segments_view
def answer_fields(request):
    """The choices or the number range of the question picked in the builder (htmx)."""
    form = SegmentForm(initial={"answer_question": request.GET.get("answer_question", "")})
    return _render(request, "console/segments/_answer_fields.html", form=form)


def _save(request, form, segment=None):
    """Create or update through the service; its refusals go back beside their fields."""
    fields = {
        "name": form.cleaned_data["name"],
        "description": form.cleaned_data["description"],
        "rules": form.rules(),
    }
    try:
        if segment is None:
            return services.create_segment(actor=request.user, **fields)
        return services.update_segment(actor=request.user, segment=segment, **fields)
    except ValidationError as error:
        form.add_rule_errors(error)
        return None


@require_http_methods(["GET", "POST"])
@segments_view
def segment_new(request):
    form = _builder(request.POST or None)
    if request.method == "POST" and form.is_valid():
        segment = _save(request, form)
        if segment is not None:
            messages.success(request, _("The segment is saved."))
            return redirect("console:segment", segment.pk)
    return _render(request, "console/segments/edit.html", form=form, segment=None)


@require_http_methods(["GET", "POST"])
@segments_view
def segment_edit(request, segment_id: int):
    segment = _segment(segment_id)
    if request.method == "POST":
        form = _builder(request.POST)
        if form.is_valid() and _save(request, form, segment) is not None:
            messages.success(request, _("The segment is saved."))
            return redirect("console:segment", segment.pk)
    else:
        form = _builder(initial=SegmentForm.initial_from(segment))
    return _render(request, "console/segments/edit.html", form=form, segment=segment)


@require_http_methods(["GET", "POST"])
@segments_view
def segment_delete(request, segment_id: int):
    segment = _segment(segment_id)
    if request.method == "POST":
        services.delete_segment(actor=request.user, segment=segment)
        messages.success(request, _("The segment “%(name)s” is deleted.") % {"name": segment.name})
        return redirect("console:segments")
    return _render(request, "console/segments/delete.html", segment=segment)


@require_GET
@segments_view
def segment_detail(request, segment_id: int):
    """The segment's conditions in words, its count and its members, newest first, by pages."""
    segment = _segment(segment_id)
    context = {"segment": segment, "page": None, "count": None, "error": None}
    try:
        context["conditions"] = [rule.describe() for rule in parse_rules(segment.rules)]
        cursor = request.GET.get("cursor")
        context["page"] = selectors.member_page(segment, cursor=cursor)
        if request.htmx and cursor:
            return _render(request, "console/segments/_member_rows.html", **context)
        context["count"] = selectors.count_members(segment)
    except ValidationError as refusal:
        context["error"] = " ".join(refusal.messages)
    return _render(request, "console/segments/detail.html", **context)


@require_GET
@segments_view
def segment_export(request, segment_id: int):
    """The members as CSV, streamed; the export is audited before the first byte."""
    segment = _segment(segment_id)
    try:
        rows = selectors.iter_member_rows(segment)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("console:segment", segment.pk)
    services.record_export(actor=request.user, segment=segment, fields=list(EXPORT_FIELDS))
    body = stream_csv(rows, zone=timezone.get_current_timezone())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="segment-{segment.pk}-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("segments/", segment_list, name="segments"),
    path("segments/new", segment_new, name="segment_new"),
    path("segments/count", live_count, name="segment_live_count"),
    path("segments/answer-fields", answer_fields, name="segment_answer_fields"),
    path("segments/<int:segment_id>/", segment_detail, name="segment"),
    path("segments/<int:segment_id>/edit", segment_edit, name="segment_edit"),
    path("segments/<int:segment_id>/delete", segment_delete, name="segment_delete"),
    path("segments/<int:segment_id>/count", segment_count, name="segment_count"),
    path("segments/<int:segment_id>/export.csv", segment_export, name="segment_export"),
]
