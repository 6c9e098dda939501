"""The collection's headline figures for one version of the data, to see what a data change does to
them: the pooled prevalence of all regions (the epidemiology report's default analysis), each
area's key figure (the overview's, five-year outcomes among them) and the claims ledger's verdict counts.
"""

from __future__ import annotations

from pathlib import Path

from ..datapackage import load
from ..datapackage.package import table_names
from ..present.format import significant
from .epidemiology import Analysis, selected_pooled_prevalence
from .overview import key_figures
from .overview.tables import shown_value


def headline_figures(data_dir: Path) -> dict[str, str]:
    """Headline name -> the figure as a report prints it, for the data in ``data_dir``.

    ``DataError`` (with the file, row and field) when the data there does not pass today's checks.
    """
    tables = {name: load(name, data_dir) for name in table_names(data_dir)}
    pooled = selected_pooled_prevalence(tables["estimates"], Analysis())
    figures = {
        "pooled prevalence, all regions (per 100,000)": (
            f"{significant(pooled.estimate)} (95% CI {significant(pooled.ci_lower)}–"
            f"{significant(pooled.ci_upper)}), k = {pooled.k}"
            if pooled.pooled
            else f"not pooled: {pooled.message}"
        )
    }
    for figure in key_figures(tables).itertuples(index=False):
        figures[f"{figure.area}: {figure.figure}"] = (
            f"{shown_value(figure.value, figure.column)} ({figure.status})"
        )
    verdicts = tables["claims"]["verdict"].value_counts()
    for verdict, count in verdicts.items():
        figures[f"claims {verdict}"] = str(int(count))
    return figures
