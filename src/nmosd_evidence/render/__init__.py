"""Rendering notebooks into offline HTML reports: papermill on reused IPC kernels, the HTML export,
the index, and the batch that runs them in worker processes."""

import sys

# nbformat's validator imports jsonschema, whose format checkers import rfc3987_syntax when it is
# installed (jupyterlab brings it); that compiles a grammar for IRI formats at import, about 2 s of a
# render's start, for a check no notebook schema uses. Block it for the render path: jsonschema then
# simply skips IRI formats. (A module set to None in sys.modules raises ImportError on import.)
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
