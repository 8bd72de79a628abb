"""REFI-QDA exchange: codebooks (``.qdc``) and projects (``.qdpx``) to and from other QDA tools.

- :func:`write_qdc` / :func:`read_qdc` / :func:`apply_codebook`: the codebook alone;
- :func:`export_qdpx`: a whole project, valid against REFI-QDA 1.0's Project.xsd;
- :func:`import_qdpx`: a project from NVivo, ATLAS.ti, MAXQDA, QualCoder or kode, with a report.
"""

from export.refi.guids import code_guid, guid_for, normalise_guid
from export.refi.qdc import (
    CodebookApplied,
    CodebookTree,
    CodeNode,
    SetNode,
    apply_codebook,
    read_qdc,
    stored_sets,
    write_qdc,
)
from export.refi.qdpx_export import QdpxExport, export_qdpx
from export.refi.qdpx_import import QdpxImportFailed, QdpxImportReport, QdpxOptions, import_qdpx

__all__ = [
    "CodeNode",
    "CodebookApplied",
    "CodebookTree",
    "QdpxExport",
    "QdpxImportFailed",
    "QdpxImportReport",
    "QdpxOptions",
    "SetNode",
    "apply_codebook",
    "code_guid",
    "export_qdpx",
    "guid_for",
    "import_qdpx",
    "normalise_guid",
    "read_qdc",
    "stored_sets",
    "write_qdc",
]
