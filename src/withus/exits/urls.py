from django.urls import path

from withus.exits import views_moving_on as moving_on
from withus.exits import views_safeguarding as safeguarding

app_name = "exits"

urlpatterns = [
    path("", moving_on.index, name="index"),
    path("choose/", moving_on.choose, name="choose"),
    path("people/<int:participant_id>/", moving_on.person, name="person"),
    path("people/<int:participant_id>/exit/", moving_on.exit_edit, name="exit_edit"),
    path("people/<int:participant_id>/letter/", moving_on.letter_edit, name="letter_edit"),
    path(
        "people/<int:participant_id>/letter/<int:number>/",
        moving_on.letter_version,
        name="letter_version",
    ),
    path(
        "people/<int:participant_id>/letter/<int:number>/sign/",
        moving_on.letter_sign,
        name="letter_sign",
    ),
    path(
        "people/<int:participant_id>/letter/<int:number>/letter.<str:ext>",
        moving_on.letter_download,
        name="letter_download",
    ),
    path(
        "people/<int:participant_id>/requests/<int:request_id>/done/",
        moving_on.request_done,
        name="request_done",
    ),
    path("directory/", moving_on.directory, name="directory"),
    path("directory/seed/", moving_on.directory_seed, name="directory_seed"),
    path("directory/add/", moving_on.directory_add, name="directory_add"),
    path("directory/<int:pk>/", moving_on.directory_edit, name="directory_edit"),
    path("safeguarding/", safeguarding.concerns, name="concerns"),
    path("safeguarding/add/", safeguarding.concern_add, name="concern_add"),
    path("safeguarding/<int:pk>/", safeguarding.concern, name="concern"),
    path("safeguarding/<int:pk>/edit/", safeguarding.concern_edit, name="concern_edit"),
]
