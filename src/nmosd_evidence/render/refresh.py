"""``make notebooks``: re-execute committed notebooks in place so that they are fresh nbval references.

Execution counts and outputs are kept (nbval compares against them); timing metadata, the kernel's
environment-specific name and anything else that would differ between runs is not written.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .kernels import KernelSession

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def refreshed(notebook: nbformat.NotebookNode, folder: Path, session: KernelSession) -> nbformat.NotebookNode:
    """``notebook`` executed top to bottom in ``folder`` on a new kernel of ``session``; deterministic
    metadata only."""
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    with session.kernel(folder) as manager:
        resources = {"metadata": {"path": str(folder)}}
        NotebookClient(notebook, km=manager, resources=resources, record_timing=False).execute()
    notebook.metadata.pop("widgets", None)
    notebook.metadata["language_info"] = {"name": "python"}
    for number, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        cell.id = f"cell-{number}"
    return notebook


def main(paths: list[str]) -> int:
    session = KernelSession(fresh=True)  # a new kernel per notebook, over IPC like the renderer's
    try:
        for name in paths:
            path = Path(name).resolve()
            nbformat.write(refreshed(nbformat.read(path, as_version=4), path.parent, session), path)
            print(f"refreshed {name}")
    finally:
        session.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
