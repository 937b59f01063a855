"""File formats in: each a generator of plain records plus per-line errors."""
