"""The synthetic demo branch: what it contains (words) and how it is filled."""
