"""Candidate detection: pure functions of (text, codebook, resources) → candidate spans.

Detectors run on a *simplified view* of the text (same length, character by character), so
traditional articles are matched by the same rules and every offset lands on the original
characters. See :mod:`annotator.detect.engine` for the overlap policy.
"""

from .engine import DETECTOR_VERSION, Detector, resolve_overlaps

__all__ = ["DETECTOR_VERSION", "Detector", "resolve_overlaps"]
