import sys

from symconv.cli.main import main

sys.exit(main())
