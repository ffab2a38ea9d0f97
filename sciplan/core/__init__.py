"""The core: records, problems, the interface language and the characters a file may hold.

Everything else of sciplan builds on these; they import nothing above them.
"""
