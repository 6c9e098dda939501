"""Pure maths and the evidence vocabulary: numbers in, numbers out; no tables styled, no figures drawn."""
