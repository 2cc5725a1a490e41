"""Detection data (codebook.toml, patterns.jsonl, lexicons/*.txt), not code.

Installed as the data package ``annotator._resources`` (see pyproject.toml) so that
``importlib.resources`` finds it in a wheel and in an editable install; this file only makes
the folder a package.
"""
