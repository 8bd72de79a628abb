"""The corpus layer: interviews, turns, import, the Norwegian language layer and search.

It imports nothing else of kode, so a script can read a project's corpus without the codebook,
the exports or any terminal code.
"""
