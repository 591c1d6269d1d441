"""Benchmarks: measured speed, memory and accuracy (`python -m benchmarks.tables`)."""
