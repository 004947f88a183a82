"""The migration steps, one module per schema version (`vNNN_*.py`, each with `apply(db)`).

`storage.migrations` finds them by their number and applies the missing ones in
order; a step is never edited once released, a change is a new step.
"""
