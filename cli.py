#!/usr/bin/env python3
"""Run policy-analyzer from a checkout: `python cli.py extract FILE` (same as the installed command)."""
from analyzer.cli import run

if __name__ == "__main__":
    run()
