"""``python -m crossread``."""

from crossread.interfaces.cli import main

main()
