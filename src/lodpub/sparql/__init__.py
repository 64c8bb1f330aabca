"""The SPARQL endpoint's engine-independent parts: checks, limits, formats, examples, evaluation."""
