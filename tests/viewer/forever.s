; tests/viewer: a boot program that loops for ever, for a run that only the user's closing the view ends.
start:
        j start
