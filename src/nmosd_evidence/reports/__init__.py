"""One folder per report: rows in scope (``select``), numbers (``results``), then ``tables``,
``figures`` and ``text`` (Jinja2 templates in ``text/``), and ``evidence()``: the rows it used."""
