"""annotator: label propaganda discourse in Chinese local-government news.

Everything in this package except :mod:`annotator.gui` is Qt-free core code that a CLI,
a test or a notebook can call.
"""

__version__ = "0.1.0"
