"""`python -m pacer` runs the same entry point as the `pacer` command."""

from pacer.entry import main

raise SystemExit(main())
