"""Matrices as pure data (no rendering): theme × wave with change, trajectories, the longitudinal
and framework matrices, and code co-occurrence. All are computed from one :class:`Dataset`."""

from export.matrices.cooccurrence import CooccurrenceMatrix, cooccurrence
from export.matrices.data import CodeRef, Dataset, MatrixFilters, ParticipantRef, Segment, load_dataset
from export.matrices.framework import FrameworkCell, FrameworkTable, framework_by_theme, framework_by_wave
from export.matrices.theme_wave import (
    CHANGE_CATEGORIES,
    Change,
    ChangeRule,
    ThemeWaveCell,
    ThemeWaveMatrix,
    parse_by,
    theme_wave,
)
from export.matrices.trajectory import (
    LongitudinalCell,
    LongitudinalMatrix,
    Trajectory,
    TrajectoryCell,
    longitudinal_matrix,
    participant_trajectories,
    site_trajectories,
)

__all__ = [
    "CHANGE_CATEGORIES",
    "Change",
    "ChangeRule",
    "CodeRef",
    "CooccurrenceMatrix",
    "Dataset",
    "FrameworkCell",
    "FrameworkTable",
    "LongitudinalCell",
    "LongitudinalMatrix",
    "MatrixFilters",
    "ParticipantRef",
    "Segment",
    "ThemeWaveCell",
    "ThemeWaveMatrix",
    "Trajectory",
    "TrajectoryCell",
    "cooccurrence",
    "framework_by_theme",
    "framework_by_wave",
    "load_dataset",
    "longitudinal_matrix",
    "parse_by",
    "participant_trajectories",
    "site_trajectories",
    "theme_wave",
]
