"""KPIs for the company: daily rollups built from Activity, the figures read from them, their
definitions, and the executive report."""
