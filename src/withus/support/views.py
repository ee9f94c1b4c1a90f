"""Training and support pages (/o/<org>/support/…). Thin: forms check, services write.

Who may do what:
- the overview and the catalogue: anyone who manages people or reads reports (viewers see
  counts and courses, never names);
- a person's training and support, and a staff member's: MANAGE_PEOPLE;
- supervision notes about a participant's involvement role: MANAGE_PEOPLE, on their own page,
  and every time someone opens that page the read is audited;
- supervision notes about a staff member's involvement role: written and read by admins (ADMIN),
  and always readable by the staff member themselves. Not MANAGE_PEOPLE: every coordinator holds
  that, and coordinators should not read each other's supervision. Every read is audited.

Showing a page never writes: while the organisation has no courses, pages show the starter list
unsaved and offer a button to add it (`catalogue_add_starters`, a POST).

Ids from the address are checked against MAX_ID before any query: a huge id is a 404, not a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from withus.audit.services import log_sensitive_read
from withus.forms import MAX_ID, apply_errors
from withus.messaging.reminders import local_today
from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership
from withus.orgs.permissions import any_capability_required, capability_required
from withus.people.models import Participant
from withus.support import selectors, services
from withus.support.forms import (
    ArrangementForm,
    CompletionForm,
    CourseForm,
    NeedForm,
    NoteForm,
    StaffNoteForm,
)
from withus.support.models import (
    Audience,
    Completion,
    Course,
    StaffSupervisionNote,
    SupervisionNote,
    SupportArrangement,
    TrainingNeed,
)
from withus.support.starters import GUIDANCE

READ = (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)
PEOPLE = Capability.MANAGE_PEOPLE
# Who reads and writes supervision notes about staff (besides the staff member, who reads them).
STAFF_NOTES = Capability.ADMIN


# --- who a page is about ------------------------------------------------------------------------


class Person:
    """A participant or a member of staff, with what the pages need to say and link to."""

    def __init__(self, request, *, participant=None, staff=None):
        self.participant = participant
        self.staff = staff
        self.slug = request.organisation.slug

    @property
    def is_staff(self) -> bool:
        return self.staff is not None

    @property
    def name(self) -> str:
        if self.participant is not None:
            return self.participant.preferred_name
        return self.staff.full_name or self.staff.email

    @property
    def audience(self) -> str:
        return Audience.STAFF if self.is_staff else Audience.PARTICIPANTS

    @property
    def page_url(self) -> str:
        if self.is_staff:
            return reverse("support:staff_person", args=[self.slug, self.staff.pk])
        return reverse("support:person", args=[self.slug, self.participant.pk])

    def owner(self) -> dict:
        return {"participant": self.participant, "staff": self.staff}


def _posted(request):
    """The submitted data on a POST (even an empty one), None otherwise."""
    return request.POST if request.method == "POST" else None


def _get(queryset, pk, **filters):
    """The row with this id (in scope), or 404, also for an id too big for the database."""
    if not 0 < pk <= MAX_ID:
        raise Http404("No such record.")
    return get_object_or_404(queryset, pk=pk, **filters)


def _participant(pk) -> Participant:
    return _get(Participant.objects, pk, erased_at__isnull=True)


def _staff(request, user_id):
    if not 0 < user_id <= MAX_ID:
        raise Http404("No such member of staff.")
    membership = get_object_or_404(
        Membership.objects.select_related("user"),
        organisation=request.organisation,
        user_id=user_id,
    )
    return membership.user


def _person_of(request, row) -> Person:
    """The person a need, completion or arrangement is about (a staff member must still be one)."""
    if row.participant_id:
        return Person(request, participant=_participant(row.participant_id))
    return Person(request, staff=_staff(request, row.staff_id))


def _form_page(
    request,
    *,
    form,
    title,
    person,
    save,
    done,
    hint="",
    delete_url="",
    no_catalogue=False,
    back_url="",
    back_label="",
):
    """Show `form`; on a valid POST call `save(form)` and go back (to the person's page unless
    `back_url` says where)."""
    back_url = back_url or person.page_url
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(back_url)
    return render(
        request,
        "support/form.html",
        {
            "form": form,
            "title": title,
            "person": person,
            "hint": hint,
            "back_url": back_url,
            "back_label": back_label,
            "delete_url": delete_url,
            "no_catalogue": no_catalogue,
            "can_add_starters": no_catalogue and request.membership.has(PEOPLE),
        },
    )


# --- overview and catalogue ----------------------------------------------------------------------


@any_capability_required(*READ)
def home(request, org_slug):
    today = local_today(request.organisation)
    can_edit = request.membership.has(PEOPLE)
    context = {
        "summary": selectors.summary(request.organisation, today),
        "guidance": GUIDANCE,
        "can_edit": can_edit,
        "today": today,
        "my_notes": selectors.staff_supervision_notes_for(request.user).count(),
    }
    if can_edit:
        context["recent"] = selectors.recent_completions()
        context["open_needs"] = selectors.open_needs()
    return render(request, "support/home.html", context)


@any_capability_required(*READ)
def courses(request, org_slug):
    rows = list(selectors.catalogue())
    starters = not rows
    if starters:  # shown, not saved: saving is a button (a POST) or the first change
        rows = selectors.starter_courses()
    return render(
        request,
        "support/courses.html",
        {
            "for_people": [c for c in rows if c.audience != Audience.STAFF],
            "for_staff": [c for c in rows if c.audience != Audience.PARTICIPANTS],
            "can_edit": request.membership.has(PEOPLE),
            "starters": starters,
        },
    )


@require_POST
@capability_required(PEOPLE)
def catalogue_add_starters(request, org_slug):
    """Save the starter courses as the catalogue, then go back to the page that offered it."""
    services.add_starter_catalogue(
        organisation=request.organisation, actor=request.user, request=request
    )
    messages.success(request, "The starter courses are in your catalogue. You can change them.")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("support:courses", org_slug=request.organisation.slug)


def _course_form(request, course=None):
    form = CourseForm(_posted(request), instance=course)
    if request.method == "POST" and form.is_valid():
        try:
            services.course_save(
                organisation=request.organisation,
                data=form.cleaned_data,
                course=course,
                actor=request.user,
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Course saved.")
            return redirect("support:courses", org_slug=request.organisation.slug)
    return render(
        request,
        "support/course_form.html",
        {"form": form, "title": "Change a course" if course else "Add a course", "course": course},
    )


@capability_required(PEOPLE)
def course_add(request, org_slug):
    return _course_form(request)


@capability_required(PEOPLE)
def course_edit(request, org_slug, pk):
    return _course_form(request, _get(Course.objects, pk))


# --- a person's training and support -------------------------------------------------------------


def _person_page(request, person: Person):
    today = local_today(request.organisation)
    may_read_staff_notes = person.is_staff and _may_read_staff_notes(request, person.staff)
    support = selectors.person_support(
        name=person.name, today=today, staff_notes=may_read_staff_notes, **person.owner()
    )
    context = {
        "person": person,
        "needs": support.needs,
        "completions": support.completions,
        "current": support.current,
        "past": support.past,
        "today": today,
        "findings": support.findings,
        # Notes on a staff member's support (supervision, mentoring) are as private as their
        # supervision notes: only admins and the person themselves see them.
        "show_support_notes": not person.is_staff or may_read_staff_notes,
    }
    if support.n_notes is not None:
        context["n_notes"] = support.n_notes
        context["last_note"] = support.last_note
    if may_read_staff_notes:
        context["can_read_staff_notes"] = True
        context["can_write_staff_notes"] = _may_write_staff_notes(request, person.staff)
    return render(request, "support/person.html", context)


@capability_required(PEOPLE)
def person(request, org_slug, pk):
    return _person_page(request, Person(request, participant=_participant(pk)))


@capability_required(PEOPLE)
def staff(request, org_slug):
    today = local_today(request.organisation)
    return render(
        request,
        "support/staff.html",
        {
            "rows": selectors.staff_rows(request.organisation, today),
            "trained": selectors.staff_trained_count(request.organisation),  # (n, total)
        },
    )


@capability_required(PEOPLE)
def staff_person(request, org_slug, user_id):
    return _person_page(request, Person(request, staff=_staff(request, user_id)))


# --- needs -----------------------------------------------------------------------------------


def _need_form(request, person: Person, need=None):
    today = local_today(request.organisation)
    initial = {} if need else {"asked_on": today, "asked_by": request.user.pk}
    form = NeedForm(
        _posted(request),
        instance=need,
        initial=initial,
        organisation=request.organisation,
        audience=person.audience,
        today=today,
    )
    no_catalogue = not selectors.has_catalogue()

    def save(form):
        data = {k: v for k, v in form.cleaned_data.items() if k != "courses"}
        services.need_save(
            organisation=request.organisation,
            data=data,
            courses=form.cleaned_data["courses"],
            need=need,
            actor=request.user,
            request=request,
            **({} if need else person.owner()),
        )

    return _form_page(
        request,
        form=form,
        title=f"{'Change what' if need else 'What'} {person.name} said they need",
        person=person,
        save=save,
        done="Need saved.",
        hint="Ask the person what would help them take part fully, and write down their "
        "answer. Do not decide for them. (Clinks, 2016)",
        no_catalogue=no_catalogue,
    )


@capability_required(PEOPLE)
def person_need_add(request, org_slug, pk):
    return _need_form(request, Person(request, participant=_participant(pk)))


@capability_required(PEOPLE)
def staff_need_add(request, org_slug, user_id):
    return _need_form(request, Person(request, staff=_staff(request, user_id)))


@capability_required(PEOPLE)
def need_edit(request, org_slug, pk):
    need = _get(TrainingNeed.objects, pk)
    return _need_form(request, _person_of(request, need), need)


# --- completions ----------------------------------------------------------------------------------


def _completion_form(request, person: Person, completion=None):
    no_catalogue = not selectors.has_catalogue()
    today = local_today(request.organisation)
    initial = {} if completion else {"completed_on": today}
    form = CompletionForm(
        _posted(request),
        instance=completion,
        initial=initial,
        audience=person.audience,
        today=today,
    )

    def save(form):
        services.completion_save(
            organisation=request.organisation,
            data=form.cleaned_data,
            completion=completion,
            actor=request.user,
            request=request,
            **({} if completion else person.owner()),
        )

    delete_url = ""
    if completion is not None:
        delete_url = reverse(
            "support:completion_delete", args=[request.organisation.slug, completion.pk]
        )
    return _form_page(
        request,
        form=form,
        title=f"Training {person.name} {'completed' if completion else 'has completed'}",
        person=person,
        save=save,
        done="Training saved.",
        delete_url=delete_url,
        no_catalogue=no_catalogue,
    )


@capability_required(PEOPLE)
def person_completion_add(request, org_slug, pk):
    return _completion_form(request, Person(request, participant=_participant(pk)))


@capability_required(PEOPLE)
def staff_completion_add(request, org_slug, user_id):
    return _completion_form(request, Person(request, staff=_staff(request, user_id)))


@capability_required(PEOPLE)
def completion_edit(request, org_slug, pk):
    completion = _get(Completion.objects.select_related("course"), pk)
    return _completion_form(request, _person_of(request, completion), completion)


@require_POST
@capability_required(PEOPLE)
def completion_delete(request, org_slug, pk):
    completion = _get(Completion.objects.select_related("course"), pk)
    person = _person_of(request, completion)
    services.completion_delete(completion=completion, actor=request.user, request=request)
    messages.success(request, "Training record removed.")
    return redirect(person.page_url)


# --- support arrangements ------------------------------------------------------------------------


def _arrangement_form(request, person: Person, arrangement=None):
    today = local_today(request.organisation)
    initial = {} if arrangement else {"starts_on": today}
    form = ArrangementForm(_posted(request), instance=arrangement, initial=initial, today=today)
    hint = (
        "To end support, give it an end date. Ask the person how it is going from time to "
        "time: needs change."
    )
    if person.is_staff and not _may_read_staff_notes(request, person.staff):
        # Notes on a staff member's supervision or mentoring are for admins and the staff
        # member only: not shown here, and left as they are on saving.
        del form.fields["notes"]
        hint += " Only admins and the staff member see the notes on their support."

    def save(form):
        services.arrangement_save(
            organisation=request.organisation,
            data=form.cleaned_data,
            arrangement=arrangement,
            actor=request.user,
            request=request,
            **({} if arrangement else person.owner()),
        )

    return _form_page(
        request,
        form=form,
        title=f"{'Change' if arrangement else 'Arrange'} support for {person.name}",
        person=person,
        save=save,
        done="Support saved.",
        hint=hint,
    )


@capability_required(PEOPLE)
def person_arrangement_add(request, org_slug, pk):
    return _arrangement_form(request, Person(request, participant=_participant(pk)))


@capability_required(PEOPLE)
def staff_arrangement_add(request, org_slug, user_id):
    return _arrangement_form(request, Person(request, staff=_staff(request, user_id)))


@capability_required(PEOPLE)
def arrangement_edit(request, org_slug, pk):
    arrangement = _get(SupportArrangement.objects, pk)
    return _arrangement_form(request, _person_of(request, arrangement), arrangement)


# --- supervision notes (sensitive) ---------------------------------------------------------------


@capability_required(PEOPLE)
def notes(request, org_slug, pk):
    participant = _participant(pk)
    rows = list(selectors.supervision_notes_for(participant))
    if rows:
        log_sensitive_read(
            request=request, target=participant, what="supervision notes on their involvement role"
        )
    return render(
        request,
        "support/notes.html",
        {"person": Person(request, participant=participant), "notes": rows},
    )


def _note_form(request, participant, note=None):
    person = Person(request, participant=participant)
    if note is not None:
        log_sensitive_read(
            request=request, target=participant, what="a supervision note on their involvement role"
        )
    today = local_today(request.organisation)
    initial = {} if note else {"met_on": today}
    form = NoteForm(_posted(request), instance=note, initial=initial, today=today)
    return _form_page(
        request,
        form=form,
        title=f"Supervision note: {person.name}'s involvement role",
        person=person,
        save=lambda form: services.note_save(
            organisation=request.organisation,
            data=form.cleaned_data,
            participant=participant,
            note=note,
            actor=request.user,
            request=request,
        ),
        done="Supervision note saved.",
        back_url=reverse("support:notes", args=[request.organisation.slug, participant.pk]),
        hint="Only staff who manage people can read these notes. Keep to the role: how it "
        "is going, what is going well, what is hard and what support would help.",
    )


@capability_required(PEOPLE)
def note_add(request, org_slug, pk):
    return _note_form(request, _participant(pk))


@capability_required(PEOPLE)
def note_edit(request, org_slug, pk):
    note = _get(SupervisionNote.objects, pk)
    return _note_form(request, _participant(note.participant_id), note)


# --- supervision notes about staff (sensitive) ---------------------------------------------------


def _may_read_staff_notes(request, staff) -> bool:
    """Admins, and the staff member the notes are about."""
    return request.user.pk == staff.pk or request.membership.has(STAFF_NOTES)


def _may_write_staff_notes(request, staff) -> bool:
    """Admins, about someone else (nobody writes their own supervision notes)."""
    return request.user.pk != staff.pk and request.membership.has(STAFF_NOTES)


def staff_notes(request, org_slug, user_id):
    """The supervision notes about one staff member: for admins and for that staff member."""
    staff_user = _staff(request, user_id)
    if not _may_read_staff_notes(request, staff_user):
        raise PermissionDenied("Only admins and the staff member may read these notes.")
    rows = list(selectors.staff_supervision_notes_for(staff_user))
    if rows:
        log_sensitive_read(
            request=request,
            target=_membership(request, staff_user),
            what="supervision notes on a staff member's involvement role",
        )
    person = Person(request, staff=staff_user)
    return render(
        request,
        "support/staff_notes.html",
        {
            "person": person,
            "notes": rows,
            "is_self": request.user.pk == staff_user.pk,
            "can_write": _may_write_staff_notes(request, staff_user),
            "back_url": person.page_url
            if request.membership.has(PEOPLE)
            else reverse("support:home", args=[request.organisation.slug]),
        },
    )


def _membership(request, user) -> Membership:
    return Membership.objects.get(organisation=request.organisation, user=user)


def _staff_note_form(request, staff_user, note=None):
    if not _may_write_staff_notes(request, staff_user):
        raise PermissionDenied("Only an admin may write supervision notes about someone else.")
    person = Person(request, staff=staff_user)
    if note is not None:
        log_sensitive_read(
            request=request,
            target=_membership(request, staff_user),
            what="a supervision note on a staff member's involvement role",
        )
    today = local_today(request.organisation)
    initial = {} if note else {"met_on": today}
    form = StaffNoteForm(_posted(request), instance=note, initial=initial, today=today)
    return _form_page(
        request,
        form=form,
        title=f"Supervision note: {person.name}'s involvement role",
        person=person,
        save=lambda form: services.staff_note_save(
            organisation=request.organisation,
            data=form.cleaned_data,
            staff=staff_user,
            note=note,
            actor=request.user,
            request=request,
        ),
        done="Supervision note saved.",
        back_url=reverse("support:staff_notes", args=[request.organisation.slug, staff_user.pk]),
        back_label=f"Back to {person.name}'s supervision notes",
        hint=f"{person.name} can read these notes, and so can admins. Keep to their "
        "involvement work: what went well, any worries, and the training or support you "
        "agreed. Clinks (2016) suggests talking about involvement work at supervision.",
    )


@capability_required(STAFF_NOTES)
def staff_note_add(request, org_slug, user_id):
    return _staff_note_form(request, _staff(request, user_id))


@capability_required(STAFF_NOTES)
def staff_note_edit(request, org_slug, pk):
    note = _get(StaffSupervisionNote.objects, pk)
    return _staff_note_form(request, _staff(request, note.staff_id), note)
