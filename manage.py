#!/usr/bin/env python
"""Django's usual entry point; ``dream`` does the same from anywhere."""

from dream.cli import main

if __name__ == "__main__":
    main()
