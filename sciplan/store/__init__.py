"""The root on disk: every file read once into a snapshot, the cache of checked roots, safe writes."""
