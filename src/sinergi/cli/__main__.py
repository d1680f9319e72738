import sys

from sinergi.cli import main

sys.exit(main())
