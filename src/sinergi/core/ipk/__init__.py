"""The IPK engine (Indeks Pembangunan Ketenagakerjaan, Kepmenaker 206/2017 structure).

Pure computation on DataFrames and dataclasses — no Django, no files. Typical use in a
notebook::

    from sinergi.core.ipk import Method, compute, explain, solve_target, simulate, sobol_indices
    from sinergi.documents.ipk_files import load_default_method, load_default_data

    method = load_default_method()            # or Method.from_frame(df, name=..., version=...)
    result = compute(method, load_default_data())
    result.units                              # score, category, rank per region-year
    explain(result, "6401", 2023).text()      # contributions, points lost, gap to next category
    solve_target(result, "6401", 2023, target="menengah atas").text()
    simulate(method, result, n=10_000, seed=1).summary
    sobol_indices(method, result, n=256).wide()

Every result carries the method's name, version, fingerprint and whether it is provisional;
use :data:`PROVISIONAL_LABEL` (or ``result.label``) wherever a result is shown.
"""
from .compare import compare_results
from .engine import LONG_COLUMNS, IPKResult, compute, level_of, rank_rows, score_values
from .explain import DEFAULT_YEARLY_SHARE, Explanation, TargetPlan, explain, solve_target, yearly_change_bounds
from .inputs import QUALITIES, inputs_from_arrays, prepare_inputs, to_wide
from .labels import (
    ILLUSTRATIVE_EXPLANATION,
    ILLUSTRATIVE_LABEL,
    PROVISIONAL_EXPLANATION,
    PROVISIONAL_LABEL,
    label_lines,
    result_label,
)
from .method import (
    COLUMNS,
    DEFAULT_CATEGORIES,
    Category,
    Method,
    categories_from_frame,
    categorise,
    next_category,
    parse_weight,
)
from .official import official_beside, official_for, official_trend, published_table
from .uncertainty import (
    SobolResult,
    UncertaintyResult,
    UncertaintySettings,
    simulate,
    simulate_scores,
    sobol_indices,
)

__all__ = [
    "COLUMNS",
    "DEFAULT_YEARLY_SHARE",
    "Category",
    "DEFAULT_CATEGORIES",
    "Explanation",
    "ILLUSTRATIVE_EXPLANATION",
    "ILLUSTRATIVE_LABEL",
    "IPKResult",
    "LONG_COLUMNS",
    "Method",
    "PROVISIONAL_EXPLANATION",
    "PROVISIONAL_LABEL",
    "QUALITIES",
    "SobolResult",
    "TargetPlan",
    "UncertaintyResult",
    "UncertaintySettings",
    "categories_from_frame",
    "categorise",
    "compare_results",
    "compute",
    "explain",
    "inputs_from_arrays",
    "label_lines",
    "level_of",
    "next_category",
    "official_beside",
    "official_for",
    "official_trend",
    "published_table",
    "parse_weight",
    "prepare_inputs",
    "rank_rows",
    "result_label",
    "score_values",
    "simulate",
    "simulate_scores",
    "solve_target",
    "sobol_indices",
    "to_wide",
    "yearly_change_bounds",
]
