"""Rendering notebooks into offline HTML reports: papermill on reused IPC kernels, the HTML export,
the index, and the batch that runs them in worker processes."""
