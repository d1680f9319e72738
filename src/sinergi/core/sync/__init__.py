"""Synchronisation of the proposal round: nomenclature versions, proposal checks with stable
finding codes, duplicate/overlap suggestions, code suggestions from free text, gap analysis
and the consolidated matrix.

Pure functions over plain records (DataFrames, dataclasses); no Django and no file I/O. The
embedded reference files are read by :mod:`sinergi.documents.sync_files`
(:func:`~sinergi.documents.sync_files.load_reference`); the web layer may build the same
objects from its database with the ``from_rows`` constructors.

Main entry points:

* :class:`Nomenclature`, :func:`nomenclature_from_rows`, :func:`rows_from_sipd` — versions;
* :func:`check_proposals` → :class:`CheckResult` (typed proposals + :class:`Finding` list);
* :func:`find_similar` — the duplicate/overlap suggestions alone;
* :class:`CodeSuggester` — top-k sub-kegiatan for free text at a level;
* :func:`analyse_gaps` → :class:`GapResult`;
* :func:`build_matrix` → :class:`MatrixResult`;
* :func:`analyse_inclusion` → :class:`InclusionResult` (target groups, their gaps, proposals and pagu).
"""
from .checks import CheckResult, check_codes, check_locations, check_proposals
from .codes import KABKOTA, PROVINSI, CodeInfo, parse_code, pattern_matches, split_code_and_name
from .duplicates import SimilarityOptions, find_similar
from .findings import FINDING_CODES, GALAT, INFO, PERINGATAN, Finding, findings_frame
from .funding import (
    CEILING_COLUMNS,
    FundingLine,
    ceilings_from_frame,
    format_breakdown,
    is_cofunded,
    office_totals,
    parse_breakdown,
)
from .funding import (
    describe as describe_funding,
)
from .gaps import VERDICT_NO_NEED, VERDICT_UNJUDGED, GapResult, NeedLink, NeedMap, analyse_gaps
from .inclusion import InclusionResult, analyse_inclusion, catalogue_gaps
from .matrix import MatrixResult, build_matrix, legend
from .nomenclature import (
    COLUMNS as NOMENCLATURE_COLUMNS,
)
from .nomenclature import (
    Entry,
    Nomenclature,
    NomenclatureImport,
    is_sipd_layout,
    nomenclature_from_rows,
    rows_from_sipd,
)
from .proposals import OPTIONAL, REQUIRED, Prepared, prepare_proposals
from .reference import FundingSource, FundingSources, Location, Regions, SyncReference, unit_key
from .suggest import Alias, AliasTable, CodeSuggester, Suggestion, parse_level
from .target_groups import TARGET_GROUPS, GroupSuggestion, parse_groups, suggest_groups

__all__ = [
    "CEILING_COLUMNS",
    "FundingLine",
    "ceilings_from_frame",
    "describe_funding",
    "format_breakdown",
    "is_cofunded",
    "office_totals",
    "parse_breakdown",
    "Alias",
    "AliasTable",
    "CheckResult",
    "CodeInfo",
    "CodeSuggester",
    "Entry",
    "FINDING_CODES",
    "Finding",
    "FundingSource",
    "FundingSources",
    "GALAT",
    "GapResult",
    "GroupSuggestion",
    "InclusionResult",
    "TARGET_GROUPS",
    "VERDICT_NO_NEED",
    "VERDICT_UNJUDGED",
    "INFO",
    "KABKOTA",
    "Location",
    "MatrixResult",
    "NOMENCLATURE_COLUMNS",
    "NeedLink",
    "NeedMap",
    "Nomenclature",
    "NomenclatureImport",
    "OPTIONAL",
    "PERINGATAN",
    "PROVINSI",
    "Prepared",
    "REQUIRED",
    "Regions",
    "SimilarityOptions",
    "Suggestion",
    "SyncReference",
    "analyse_gaps",
    "analyse_inclusion",
    "catalogue_gaps",
    "build_matrix",
    "check_codes",
    "check_locations",
    "check_proposals",
    "find_similar",
    "findings_frame",
    "is_sipd_layout",
    "legend",
    "nomenclature_from_rows",
    "parse_code",
    "parse_groups",
    "parse_level",
    "pattern_matches",
    "prepare_proposals",
    "rows_from_sipd",
    "split_code_and_name",
    "suggest_groups",
    "unit_key",
]
