"""GOV.UK Design System form rendering for every Django form, including django-allauth's.

The renderer adds the GOV.UK classes to each widget as it is drawn, so forms stay plain Django
forms; templates/forms/ holds the GOV.UK markup (error summary, label, hint, error message).
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

_WIDGET_CLASSES = {
    "django/forms/widgets/textarea.html": "govuk-textarea",
    "django/forms/widgets/select.html": "govuk-select",
    "django/forms/widgets/checkbox.html": "govuk-checkboxes__input",
    "django/forms/widgets/clearable_file_input.html": "govuk-file-upload",
    "django/forms/widgets/file.html": "govuk-file-upload",
}
_NO_CLASS = {
    "django/forms/widgets/radio.html",
    "django/forms/widgets/checkbox_select.html",
    "django/forms/widgets/hidden.html",
    "django/forms/widgets/multiple_hidden.html",
}


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "forms/govuk_form.html"
    field_template_name = "forms/govuk_field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name not in _NO_CLASS:
            css = _WIDGET_CLASSES.get(template_name, "govuk-input")
            attrs = dict(widget.get("attrs") or {})
            # GOV.UK advice: no placeholder text; labels and hints say what to enter.
            attrs.pop("placeholder", None)
            if css not in attrs.get("class", ""):
                attrs["class"] = f"{css} {attrs.get('class', '')}".strip()
            widget = {**widget, "attrs": attrs}
            context = {**context, "widget": widget}
        return super().render(template_name, context, request)


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# The largest id any of our databases stores (a signed 64-bit integer). A larger number in a
# form would reach the database and fail there (SQLite raises OverflowError), giving a 500.
MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A row id typed into an address or form, or None. Only ASCII digits count: "²".isdigit()
    is true but int("²") fails, and an id past MAX_ID would fail in the database."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit() and len(text) < 20):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


SEARCH_MAX = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def search_text(value, max_length: int = SEARCH_MAX) -> str:
    """What was typed in a "find by name" box: control characters gone (PostgreSQL refuses a NUL
    in a query, which would be a 500), spaces tidied, kept short."""
    return " ".join(_CONTROL.sub(" ", str(value or "")).split())[:max_length]


def _is_valid_id(value) -> bool:
    return parse_id(value) is not None


class IdsModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows whose submitted ids are checked before any query runs, so a
    tampered or absurd id is a form error ("Select a valid choice"), never a server error."""

    def _check_values(self, value):
        for pk in value:
            if not _is_valid_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
