"""Step 3, compute: status, pace, periods, trend, plans, peers and ranks, units, milestones — results as values."""
