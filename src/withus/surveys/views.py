"""Staff pages for surveys: the builder, before/after pairs, feedback forms for events,
sending personal links, typing in paper forms, and results. Objects come through the scoped
managers, so another organisation's id answers 404."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from withus.documents import download
from withus.events.models import Event
from withus.forms import apply_errors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required
from withus.reports.suppression import PRIMARY, Cell
from withus.spreadsheets import neutralise
from withus.surveys import selectors, services
from withus.surveys.analysis import paired_change, summarise
from withus.surveys.forms import AnswerForm, PaperForm, QuestionForm, SendForm, SurveyForm
from withus.surveys.models import Answer, Question, Response, StaffAnswered, Survey

PEOPLE = Capability.MANAGE_PEOPLE
RESULTS = (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)
PAGE_SIZE = 50


def _to_survey(request, survey):
    return redirect("surveys:survey", org_slug=request.organisation.slug, pk=survey.pk)


# --- list and builder ----------------------------------------------------------------------------


@any_capability_required(*RESULTS)
def survey_list(request, org_slug):
    surveys = list(selectors.survey_list().order_by("-created_at", "-id")[:200])
    return render(
        request,
        "surveys/list.html",
        {"surveys": surveys, "can_build": request.membership.has(PEOPLE)},
    )


@capability_required(PEOPLE)
def survey_add(request, org_slug):
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(
                organisation=request.organisation,
                data=form.cleaned_data,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Survey made. Now add its questions.")
            return _to_survey(request, survey)
    return render(request, "surveys/form.html", {"form": form, "title": "Make a survey"})


@capability_required(PEOPLE)
def survey_edit(request, org_slug, pk):
    survey = get_object_or_404(Survey.objects.all(), pk=pk)
    form = SurveyForm(request.POST if request.method == "POST" else None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_update(
            survey=survey, data=form.cleaned_data, actor=request.user, request=request
        )
        messages.success(request, "Survey saved.")
        return _to_survey(request, survey)
    return render(
        request,
        "surveys/form.html",
        {"form": form, "title": f"Change {survey.title}", "survey": survey},
    )


@capability_required(PEOPLE)
def survey_detail(request, org_slug, pk):
    survey, questions = selectors.survey_with_questions(pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "questions": questions,
            "draft": survey.status == Survey.Status.DRAFT,
            "open_now": services.is_open(survey),
            "invites": selectors.invite_counts(survey),
            "responses": Response.objects.filter(survey=survey).count(),
            "after": Survey.objects.filter(before=survey).first(),
            "locked_message": services.LOCKED,
        },
    )


@capability_required(PEOPLE)
def survey_preview(request, org_slug, pk):
    survey, questions = selectors.survey_with_questions(pk)
    form = AnswerForm(questions=questions)
    return render(request, "surveys/preview.html", {"survey": survey, "form": form})


def _status_action(request, pk, action, done: str):
    survey = get_object_or_404(Survey.objects.all(), pk=pk)
    try:
        action(survey=survey, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return _to_survey(request, survey)


@require_POST
@capability_required(PEOPLE)
def survey_open(request, org_slug, pk):
    return _status_action(request, pk, services.survey_open, "The survey is open for answers.")


@require_POST
@capability_required(PEOPLE)
def survey_close(request, org_slug, pk):
    return _status_action(request, pk, services.survey_close, "The survey is closed.")


@require_POST
@capability_required(PEOPLE)
def make_after(request, org_slug, pk):
    survey = get_object_or_404(Survey.objects.all(), pk=pk)
    try:
        after = services.make_after(before=survey, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_survey(request, survey)
    messages.success(request, "After survey made with the same questions. Open it when ready.")
    return _to_survey(request, after)


@require_POST
@capability_required(PEOPLE)
def event_feedback(request, org_slug, pk):
    event = get_object_or_404(Event.objects.all(), pk=pk)
    survey, made = services.event_feedback(event=event, actor=request.user, request=request)
    if made:
        messages.success(request, "Feedback form made and open. Send the links or print it.")
    return _to_survey(request, survey)


# --- questions -----------------------------------------------------------------------------------


def _question_form(request, survey, question=None):
    if survey.status != Survey.Status.DRAFT:
        messages.error(request, services.LOCKED)
        return _to_survey(request, survey)
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                survey=survey,
                question=question,
                data=form.service_data(),
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Question saved.")
            return _to_survey(request, survey)
    title = "Change a question" if question else "Add a question"
    return render(
        request, "surveys/question_form.html", {"form": form, "survey": survey, "title": title}
    )


@capability_required(PEOPLE)
def question_add(request, org_slug, pk):
    return _question_form(request, get_object_or_404(Survey.objects.all(), pk=pk))


def _question(pk, question_id) -> Question:
    return get_object_or_404(
        Question.objects.select_related("survey"), pk=question_id, survey_id=pk
    )


@capability_required(PEOPLE)
def question_edit(request, org_slug, pk, question_id):
    question = _question(pk, question_id)
    return _question_form(request, question.survey, question)


@capability_required(PEOPLE)
def question_delete(request, org_slug, pk, question_id):
    question = _question(pk, question_id)
    survey = question.survey
    if survey.status != Survey.Status.DRAFT:
        messages.error(request, services.LOCKED)
        return _to_survey(request, survey)
    if request.method == "POST":
        services.question_delete(question=question, actor=request.user, request=request)
        messages.success(request, "Question removed.")
        return _to_survey(request, survey)
    return render(request, "surveys/question_delete.html", {"survey": survey, "question": question})


@require_POST
@capability_required(PEOPLE)
def question_move(request, org_slug, pk, question_id):
    question = _question(pk, question_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        services.question_move(
            question=question, direction=direction, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _to_survey(request, question.survey)


# --- sending and paper ---------------------------------------------------------------------------


def _link_for(token: str) -> str:
    return settings.WITHUS_BASE_URL.rstrip("/") + reverse(
        "survey_link:answer", kwargs={"token": token}
    )


@capability_required(PEOPLE)
def send(request, org_slug, pk):
    survey = get_object_or_404(Survey.objects.select_related("event"), pk=pk)
    if survey.audience != Survey.Audience.PARTICIPANTS:
        messages.error(request, "Personal links are for surveys of people with lived experience.")
        return _to_survey(request, survey)
    queryset = selectors.participants_to_invite(survey)
    attended = selectors.attended_ids(survey)
    # Link-less invites made when someone answered in the portal are not "sent".
    invited = set(
        survey.invites.filter(Q(message__isnull=False) | Q(answered_at__isnull=False)).values_list(
            "participant_id", flat=True
        )
    )
    form = SendForm(
        request.POST if request.method == "POST" else None,
        queryset=queryset,
        initial={"participants": sorted(attended - invited)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invites_send(
                survey=survey,
                participants=form.cleaned_data["participants"],
                link_for=_link_for,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            blocked = [m for m in sent if m is not None and m.status == "not_sent"]
            text = (
                f"Personal links made for {len(sent)} {'person' if len(sent) == 1 else 'people'}."
            )
            if blocked:
                text += f" {len(blocked)} could not be sent: see the messages list for why."
            messages.success(request, text)
            return _to_survey(request, survey)
    return render(
        request,
        "surveys/send.html",
        {
            "survey": survey,
            "form": form,
            "open_now": services.is_open(survey),
            "attended": bool(attended),
            "invited": len(invited),
        },
    )


@capability_required(PEOPLE)
def enter_paper(request, org_slug, pk):
    survey, questions = selectors.survey_with_questions(pk)
    if survey.status == Survey.Status.DRAFT:
        messages.error(request, "Open the survey before typing in answers.")
        return _to_survey(request, survey)
    form = PaperForm(
        request.POST if request.method == "POST" else None, questions=questions, survey=survey
    )
    if request.method == "POST" and form.is_valid():
        services.response_record(
            survey=survey,
            answers=form.answers(),
            source=Response.Source.PAPER,
            participant=form.cleaned_data.get("participant"),
            entered_by=request.user,
            request=request,
        )
        messages.success(request, "Answers saved. You can type in the next form.")
        return redirect("surveys:enter_paper", org_slug=org_slug, pk=survey.pk)
    return render(request, "surveys/paper.html", {"survey": survey, "form": form})


# --- results -------------------------------------------------------------------------------------


def _threshold(request) -> int:
    return request.organisation.small_number_threshold


@any_capability_required(*RESULTS)
def results(request, org_slug, pk):
    survey = get_object_or_404(Survey.objects.select_related("before", "event", "project"), pk=pk)
    threshold = _threshold(request)
    can_read_text = request.membership.has(PEOPLE)
    summaries = summarise(survey, threshold=threshold)
    responses = Response.objects.filter(survey=survey).count()
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "summaries": summaries,
            "threshold": threshold,
            "responses": Cell(responses, PRIMARY if 0 < responses < threshold else ""),
            "changes": paired_change(survey, threshold=threshold)
            if survey.kind == Survey.Kind.AFTER
            else [],
            "can_read_text": can_read_text,
            "can_export": request.membership.has(Capability.EXPORT),
            "can_build": can_read_text,
        },
    )


@capability_required(Capability.EXPORT)
def results_xlsx(request, org_slug, pk):
    from openpyxl import Workbook  # noqa: PLC0415

    survey = get_object_or_404(Survey.objects.select_related("before"), pk=pk)
    threshold = _threshold(request)
    book = Workbook()
    sheet = book.active
    sheet.title = "Results"
    sheet.append([neutralise(survey.title)])
    sheet.append([f"Counts from 1 to {threshold - 1} are shown as 'fewer than {threshold}'."])
    sheet.append([])
    sheet.append(["Question", "Answer", "People", "People who answered", "Average"])
    for s in summarise(survey, threshold=threshold):
        # Never the raw count: a hidden cell is written as "fewer than N" or "hidden".
        n_cell = s.n_cell or Cell(s.n, PRIMARY if 0 < s.n < threshold else "")
        n = n_cell.display(threshold)
        mean = round(s.mean, 2) if s.mean is not None else ""
        if not s.counts:
            sheet.append([neutralise(s.question.text), "(their own words)", "", n, ""])
        for label, cell in s.counts.items():
            sheet.append(
                [neutralise(s.question.text), neutralise(label), cell.display(threshold), n, mean]
            )
    changes = paired_change(survey, threshold=threshold) if survey.kind == "after" else []
    if changes:
        pairs = book.create_sheet("Before and after")
        pairs.append(
            [
                "Question",
                "People who answered both",
                "Average before",
                "Average after",
                "Change",
                "Percent who improved",
            ]
        )
        for c in changes:
            n = f"fewer than {threshold}" if c.suppressed and c.n else c.n
            pairs.append(
                [
                    neutralise(c.question_text),
                    n,
                    *(
                        "" if v is None else round(v, 2)
                        for v in (c.mean_before, c.mean_after, c.mean_change, c.share_improved)
                    ),
                ]
            )
    out = io.BytesIO()
    book.save(out)
    from withus.audit.services import log_action  # noqa: PLC0415

    log_action(
        organisation=request.organisation,
        actor=request.user,
        action="survey.results_download",
        target=survey,
        summary=f"Results of {survey.title} downloaded",
        request=request,
    )
    return download(
        out.getvalue(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"survey-{survey.pk}-results.xlsx",
    )


@require_POST
@capability_required(PEOPLE)
def answer_to_contribution(request, org_slug, pk, answer_id):
    answer = get_object_or_404(
        Answer.objects.select_related("response__survey", "response__participant", "question"),
        pk=answer_id,
        response__survey_id=pk,
        question__kind=Question.Kind.TEXT,
    )
    try:
        services.contribution_from_answer(answer=answer, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Added to you said, we did. Record what you did about it there.")
    return redirect("surveys:results", org_slug=org_slug, pk=pk)


# --- staff answering a staff survey ---------------------------------------------------------------


def staff_answer(request, org_slug, pk):
    """Any member of staff answers an open staff survey, once, while signed in."""
    survey, questions = selectors.survey_with_questions(pk)
    if survey.audience != Survey.Audience.STAFF or survey.status == Survey.Status.DRAFT:
        raise Http404("No staff survey here.")
    context = {"survey": survey}
    if StaffAnswered.objects.filter(survey=survey, user=request.user).exists():
        return render(request, "surveys/staff_done.html", {**context, "repeat": True})
    if not services.is_open(survey):
        return render(request, "surveys/staff_done.html", {**context, "closed": True})
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_response_record(survey=survey, user=request.user, answers=form.answers())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(request, "surveys/staff_done.html", {**context, "repeat": False})
    return render(request, "surveys/staff_answer.html", {**context, "form": form})
