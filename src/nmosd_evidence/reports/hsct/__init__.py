"""HSCT outcomes (``03_hsct_outcomes``): the two allogeneic cases, their follow-up to a chosen year,
and the cohorts and transplant risks around them.

``select`` picks the rows, ``results`` computes follow-up (years) and proportions (0-1) with Wilson
intervals, ``tables``, ``figures`` and ``text`` show them; ``evidence()`` lists the rows shown.

The names below are imported from their modules on first use (PEP 562): the command line checks a run's
``as_of_year`` against the timeline (``select``) before any kernel starts, and need not wait for the
charts, tables and intervals (plotly and scipy: about 0.5 s) to do so.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

WHERE = {
    "HsctTables": "select",
    "load_tables": "select",
    "outcome_rows": "results",
    "risk_benefit_rows": "results",
    "case_table": "tables",
    "follow_up_table": "tables",
    "outcome_table": "tables",
    "risk_benefit_table": "tables",
    "unknown_values": "tables",
    "outcome_chart": "figures",
    "risk_panel": "figures",
    "swimmer_plot": "figures",
    "case_summary_markdown": "text",
    "follow_up_markdown": "text",
    "limits_markdown": "text",
    "news_report_differences_markdown": "text",
    "risk_markdown": "text",
    "evidence": "shown",
    "evidence_shown": "shown",
}  # name -> the module of this package that defines it


def __getattr__(name: str) -> Any:
    if name not in WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{WHERE[name]}", __name__), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *WHERE])


__all__ = sorted(WHERE)
