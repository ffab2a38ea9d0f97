"""Step 4, view: computed results -> what each command shows, as rows every output format reads.

`display` writes exact numbers for people (rounding happens there and only there).
"""
