"""Console screens by topic: home (to-do), dashboard (KPIs), report (executive report), members
(health score and level), segments."""
