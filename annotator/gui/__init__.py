"""The Qt user interface: the only package that imports PySide6.

Thin by design: it renders records from the core and turns gestures into service calls.
"""
