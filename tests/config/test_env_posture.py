from django.conf import settings


def test_tests_run_with_the_test_posture():
    assert settings.WITHUS_ENV == "test"
    assert not settings.DEBUG
