"""The staff console (``/console``): screens only. Figures come from hiroba.insights, scores and
levels from hiroba.activity, segments from hiroba.segments."""
