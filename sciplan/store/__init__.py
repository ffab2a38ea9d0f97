"""The root on disk and in git: reading files once, the cache, the data's history."""
