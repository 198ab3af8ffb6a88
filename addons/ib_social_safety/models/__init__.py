from . import (
    ib_safety_question,
    ib_safety_survey,
    ib_safety_survey_line,
    ib_safety_figure,
    ib_care_report,
)
