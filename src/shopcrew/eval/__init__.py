"""Benchmark runners: replays of public task sets through shopcrew's tools."""
