#!/usr/bin/env python
"""Django's manage.py; `caremarket` (see caremarket/cli.py) is the same with hyphenated names."""

from caremarket.cli import main

if __name__ == "__main__":
    main()
