"""The codebook layer: codes, codings, memos, suggestions and inter-coder agreement.

It builds on :mod:`intervju` only; nothing here knows about terminals or report formats.
"""
