"""`python -m bots ...`: the same command line as the `ordersupport` script."""

from bots.cli import main

raise SystemExit(main())
