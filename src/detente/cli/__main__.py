"""`python -m detente.cli`."""

from detente.cli import main

raise SystemExit(main())
