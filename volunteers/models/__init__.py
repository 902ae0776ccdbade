from volunteers.models.choices import (  # noqa: F401
    DAY_PARTS,
    DAYS,
    ActivityKind,
    AgeBand,
    Gender,
    HowHeard,
    KeepReason,
    Language,
    LanguageGroup,
    LearningGoal,
    Level,
    Status,
)
from volunteers.models.people import (  # noqa: F401
    READING_PERIOD_WEEKS,
    VOG_VALID_YEARS,
    EventKind,
    ReadingMessage,
    ReadingPeriod,
    ReadingVolunteer,
    ReadingVolunteerEvent,
    Role,
    TaalpuntEvent,
    TaalpuntMessage,
    TaalpuntPerson,
)
from volunteers.models.statistics import StatisticsRecord  # noqa: F401
from volunteers.models.taalpunt import (  # noqa: F401
    Activity,
    ActivitySession,
    Attendance,
    Enrolment,
)
