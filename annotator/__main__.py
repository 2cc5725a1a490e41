"""`python -m annotator` is the `annotator` command."""

from .cli import main

main()
