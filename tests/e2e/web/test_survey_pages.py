"""The satisfaction survey in Chromium against the session's local stack: a citizen answers the
survey page their message links to (phone-sized, switching to English on the way), and a
supervisor reads the office's IKM in the portal and prints it for the notice board.

The stack runs on the real clock, where no booking can be served on demand; the invitations a
served booking gets from the notifier (tests/integration/test_survey.py) are written here as the
notifier writes them, in-process on the stack's table."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from antrean.domain.survey import SurveyInvitation, closes_at
from antrean.logic.offices import get_office
from antrean.logic.survey import new_token
from antrean.rules.calendar import office_now
from antrean.store import store
from antrean_local.launcher import LocalStack
from tests.support.http_clients import Http
from tests.support.pages import DESK, screenshot
from tests.support.portal import open_screen, signed_in
from tests.support.stack import in_process, skip_near_midnight

ELEMENTS = (
    "requirements",
    "procedure",
    "time",
    "cost",
    "product",
    "competence",
    "behaviour",
    "complaints",
    "facilities",
)
#: tests/unit/test_survey.py's hand-computed example: IKM 82.78, B.
FIVE = [
    (4, 4, 3, 4, 4, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 4, 2, 3),
    (4, 3, 2, 4, 3, 4, 4, 3, 3),
    (3, 4, 3, 4, 4, 3, 3, 3, 2),
    (4, 3, 3, 4, 3, 4, 4, 2, 3),
]


def _invitations(stack: LocalStack, office_id: str, count: int) -> list[str]:
    """`count` surveys opened today at counter 1 for KTP-el, as the notifier opens them; their tokens."""
    tokens = []
    with in_process(stack):
        office = get_office(office_id)
        skip_near_midnight(office)
        day = office_now(office, dt.datetime.now(dt.UTC)).date()
        for _ in range(count):
            invitation = SurveyInvitation(
                token=new_token(),
                office_id=office_id,
                service="ktp_el",
                day=day,
                counter=1,
                closes_at=closes_at(day, office.survey_days, office.zone),
            )
            store().surveys.invite(invitation)
            tokens.append(invitation.token)
    return tokens


def test_a_citizen_answers_the_survey_once_on_a_phone(page: Page, local_stack: LocalStack, http: Http) -> None:
    (token,) = _invitations(local_stack, "tegal", 1)

    page.goto(f"/survey/#{token}")

    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    expect(page.locator("#facts")).to_contain_text("Disdukcapil Kota Tegal")
    expect(page.locator("#facts")).to_contain_text("KTP-el")
    # Sent with nothing chosen: told how many are missing, at the first of them, and nothing is sent
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.locator("#form-error")).to_have_text("Masih ada 9 pertanyaan yang belum dijawab.")
    expect(page.locator("#q-requirements input").first).to_be_focused()
    # Four answers each, scored 1 to 4 in the regulation's words; the choices outlive a language switch
    requirements = page.locator("#q-requirements")
    expect(requirements.get_by_role("radio")).to_have_count(4)
    expect(requirements).to_contain_text("Sangat sesuai")
    for element, score in list(zip(ELEMENTS, FIVE[0], strict=True))[:4]:
        page.locator(f"#q-{element}").get_by_role("radio").nth(score - 1).check()
    page.get_by_role("button", name="English").click()
    expect(requirements).to_contain_text("How well did the requirements fit the service you applied for?")
    for element, score in list(zip(ELEMENTS, FIVE[0], strict=True))[4:]:
        page.locator(f"#q-{element}").get_by_role("radio").nth(score - 1).check()
    expect(page.locator("#q-requirements").get_by_role("radio").nth(3)).to_be_checked()
    expect(page.locator("#form-error")).to_be_hidden()
    page.get_by_label("Suggestion or comment (optional)").fill("Ruang tunggu nyaman, antrean cepat.")
    screenshot(page, "citizen-survey")
    page.get_by_role("button", name="Send my answers").click()

    expect(page.locator("#done")).to_contain_text("Thank you! We have your answers")
    assert http.get(f"/surveys/{token}").json()["state"] == "answered"
    page.reload()
    expect(page.locator("#problem")).to_have_text("This survey has been answered already. Thank you for your rating.")
    expect(page.get_by_role("link", name="File a complaint")).to_have_attribute("href", "/#complaint")


def test_a_supervisor_reads_and_prints_the_offices_ikm(page: Page, local_stack: LocalStack, http: Http) -> None:
    # Given five citizens of Tuban who answered today (the hand-computed example)
    for token, scores in zip(_invitations(local_stack, "tuban", 5), FIVE, strict=True):
        answer = {"answers": dict(zip(ELEMENTS, scores, strict=True)), "comment": f"Pelayanan nilai {sum(scores)}."}
        assert http.post(f"/surveys/{token}", json=answer).status_code == 201
    page.set_viewport_size(DESK)
    signed_in(page, local_stack, "supervisor-tuban")

    # When the supervisor opens the survey screen (this month, by default)
    open_screen(page, "Survei kepuasan", "Survei Kepuasan Masyarakat")

    # Then the IKM is the regulation's, with its grade, each element's figures and the comments
    expect(page.locator("#survey-ikm")).to_have_text("82,78")
    expect(page.locator("#survey-grade")).to_have_text("Mutu pelayanan B · Baik")
    sheet = page.locator(".survey-sheet")
    expect(sheet).to_contain_text("5 responden")
    expect(sheet.get_by_role("row").filter(has_text="Waktu penyelesaian")).to_contain_text("2,8070,00C")
    expect(sheet.get_by_role("row").filter(has_text="KTP-el")).to_contain_text("582,78B (Baik)")
    expect(sheet.get_by_role("listitem")).to_have_text([f"Pelayanan nilai {n}." for n in (28, 29, 30, 30, 32)])
    screenshot(page, "portal-survey")

    # And printed, the sheet is all the paper shows
    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    expect(page.locator("form.lookup")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
