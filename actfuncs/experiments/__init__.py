"""Experiments the chapters run: each a function returning a tidy result, plus a plot."""
