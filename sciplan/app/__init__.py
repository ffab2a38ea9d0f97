"""What a command asks of a data root: find it, load -> validate -> check (through the cache)
(`loader`), and the valid project, plan or indicator a command needs (`query`)."""
