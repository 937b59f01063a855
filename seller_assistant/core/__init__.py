"""The shop's rules in pure Python: no Qt, no SQL. Takes plain values, returns plain values."""
