"""Statistics observations in long form: validation of uploaded rows, quality flags and the
rule that picks one preferred value where sources disagree.

Pure functions over plain rows; the web layer stores what they return. Population groups
(``kelompok``) and their gaps: :mod:`sinergi.core.stats.groups`.
"""
from sinergi.core.stats.groups import (  # noqa: F401
    GROUPS,
    GroupGap,
    group_code,
    group_gaps,
    normalise,
    split_code,
)
from sinergi.core.stats.observations import (  # noqa: F401
    QUALITY_FLAGS,
    SOURCE_KINDS,
    ObservationRecord,
    choose_preferred,
    mark_preferred,
    quality_from_note,
    source_kind,
    validate_observations,
)
