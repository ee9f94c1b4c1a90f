"""Multiple-choice fields refuse absurd ids as a form error before the database sees them."""

import pytest
from django import forms

from withus.forms import IdsModelMultipleChoiceField
from withus.orgs.models import Organisation


class PickForm(forms.Form):
    organisations = IdsModelMultipleChoiceField(queryset=Organisation.objects.all())


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["99999999999999999999999", "-1", "0", "abc", "1e5", " "])
def test_absurd_ids_are_a_form_error(bad):
    form = PickForm(data={"organisations": [bad]})
    assert not form.is_valid()
    assert "organisations" in form.errors


@pytest.mark.django_db
def test_real_ids_still_work(world):
    form = PickForm(data={"organisations": [str(world.org_a.pk)]})
    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["organisations"]) == [world.org_a]
