"""Side-by-side comparison of results computed with different methods (or versions)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .engine import IPKResult
from .labels import PROVISIONAL_LABEL


def method_caption(result: IPKResult) -> str:
    """``name vVERSION`` (or the fingerprint when there is no version), plus the label."""
    m = result.method
    tag = f"versi {m.version}" if m.version else f"sidik {m.fingerprint[:8]}"
    text = f"{m.name} {tag}"
    return f"{text} ({PROVISIONAL_LABEL})" if m.provisional else text


def compare_results(results: Sequence[IPKResult], labels: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per region-year present in any result; for each result the columns
    ``score [label]``, ``category [label]``, ``rank [label]``, and for every result after the
    first ``difference [label]`` (its score minus the first result's score).

    ``labels`` default to :func:`method_caption`. The frame's ``attrs["methods"]`` lists each
    label with the method name, version, fingerprint and whether it is provisional.
    """
    if not results:
        raise ValueError("Berikan minimal satu hasil.")
    labels = list(labels) if labels is not None else [method_caption(r) for r in results]
    if len(set(labels)) != len(labels):
        labels = [f"{lab} [{i + 1}]" for i, lab in enumerate(labels)]
    out = None
    for res, lab in zip(results, labels, strict=False):
        u = res.units[["region_code", "region_name", "year", "score", "category", "rank"]].rename(
            columns={"score": f"score [{lab}]", "category": f"category [{lab}]", "rank": f"rank [{lab}]"}
        )
        if out is None:
            out = u
        else:
            u = u.drop(columns="region_name")
            out = out.merge(u, on=["region_code", "year"], how="outer")
    first = f"score [{labels[0]}]"
    for lab in labels[1:]:
        out[f"difference [{lab}]"] = out[f"score [{lab}]"] - out[first]
    out = out.sort_values(["year", "region_code"], kind="stable").reset_index(drop=True)
    out.attrs["methods"] = [
        {
            "label": lab,
            "name": r.method_name,
            "version": r.method_version,
            "fingerprint": r.method_fingerprint,
            "provisional": r.provisional,
        }
        for r, lab in zip(results, labels, strict=False)
    ]
    return out
