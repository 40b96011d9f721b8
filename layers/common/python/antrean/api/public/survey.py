"""The satisfaction survey a served citizen's link opens: its form (office, service, day, the nine
elements, whether it may still be answered) and its one answer. The link's token names no booking."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Path

from antrean import clock
from antrean.api.resolver import create_router, json_response
from antrean.api.responses import public_responses, success
from antrean.api.survey_models import (
    SurveyAnsweredView,
    SurveyAnswerRequest,
    SurveyFormView,
    Token,
    form_view,
)
from antrean.errors import SurveyAnswered, SurveyClosed, SurveyNotFound
from antrean.logic import survey

router = create_router()
TokenInPath = Annotated[Token, Path()]


@router.get("/surveys/<token>", responses=public_responses(SurveyNotFound))
def survey_form(token: TokenInPath) -> Response[SurveyFormView]:
    # The state changes once answered or closed: never kept by a cache on the way.
    return json_response(200, form_view(survey.form(token, clock.now())), {"Cache-Control": "no-store"})


@router.post(
    "/surveys/<token>",
    responses=public_responses(
        SurveyNotFound, SurveyAnswered, SurveyClosed, body=True, ok=success(201, "Kept, anonymously: thank you")
    ),
)
def answer_survey(token: TokenInPath, request: Annotated[SurveyAnswerRequest, Body()]) -> Response[SurveyAnsweredView]:
    survey.answer(token, request.scores(), request.comment, clock.now())
    return json_response(201, SurveyAnsweredView())
