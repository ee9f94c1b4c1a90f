import pytest
from django.core.exceptions import ImproperlyConfigured

from withus.config.env import env_bool, env_choice, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
        ("", False),
    ],
)
def test_env_bool_accepts_plain_values(raw, expected):
    assert env_bool("X", not expected, environ={"X": raw}) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "truee", "y e s"])
def test_env_bool_rejects_anything_else(raw):
    with pytest.raises(ImproperlyConfigured, match="X must be true or false"):
        env_bool("X", False, environ={"X": raw})


def test_env_bool_default_when_unset():
    assert env_bool("X", True, environ={}) is True


def test_env_int_parses_and_checks_bounds():
    assert env_int("N", 5, environ={"N": " 42 "}) == 42
    assert env_int("N", 5, environ={}) == 5
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("N", 5, environ={"N": "4.5"})
    with pytest.raises(ImproperlyConfigured, match="at least 300"):
        env_int("N", 500, minimum=300, environ={"N": "10"})
    with pytest.raises(ImproperlyConfigured, match="at most 65535"):
        env_int("N", 1, maximum=65535, environ={"N": "70000"})


def test_env_str_required_and_default():
    with pytest.raises(ImproperlyConfigured, match="SECRET must be set"):
        env_str("SECRET", environ={})
    with pytest.raises(ImproperlyConfigured):
        env_str("SECRET", environ={"SECRET": ""})
    assert env_str("SECRET", "fallback", environ={}) == "fallback"
    assert env_str("SECRET", environ={"SECRET": "abc"}) == "abc"


def test_env_list_rejects_empty_items():
    assert env_list("HOSTS", ["a"], environ={"HOSTS": "x.org, y.org"}) == ["x.org", "y.org"]
    assert env_list("HOSTS", ["a"], environ={}) == ["a"]
    with pytest.raises(ImproperlyConfigured, match="no empty items"):
        env_list("HOSTS", [], environ={"HOSTS": "x.org,,y.org"})


def test_env_choice():
    assert env_choice("E", ("a", "b"), "a", environ={"E": "b"}) == "b"
    with pytest.raises(ImproperlyConfigured, match="one of a, b"):
        env_choice("E", ("a", "b"), "a", environ={"E": "c"})
