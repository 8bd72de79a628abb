"""Queries that turn codings into matrices (pure data) and the writers for Word, xlsx, csv and REFI-QDA."""
