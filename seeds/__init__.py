"""The demo corpus (one article per .txt file), not code.

Installed as the data package ``annotator._seeds`` (see pyproject.toml) so that
``importlib.resources`` finds it in a wheel and in an editable install; this file only makes
the folder a package (importing the folder reads only .txt, .jsonl and .csv files).
"""
