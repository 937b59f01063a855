"""Imports end to end: an importer parses (bytes in, records and per-line errors out), then one store call writes the batch.

This layer sits above importers and store and joins them; callers (cli, ui, workers) start an import here.
"""
