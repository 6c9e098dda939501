"""Reference values the tests compare against, each with the call or calculation that produced it.

Values come from independent implementations (R's metafor, statsmodels), published tables (e.g. Miller
1978) or hand calculations written out beside them; never from this package's own output.
"""

from __future__ import annotations

# --- core: intervals --------------------------------------------------------------------------------
# Wilson score interval, 5 of 10, z = 1.959964 (hand): centre 0.5, half-width
# z/(1+z²/10)·sqrt(0.025 + z²/400) = 0.26341.
WILSON_5_OF_10 = (0.23659, 0.76341)

# --- epidemiology ------------------------------------------------------------------------------------

# --- progression -------------------------------------------------------------------------------------

# --- hsct --------------------------------------------------------------------------------------------

# --- treatment ---------------------------------------------------------------------------------------

# --- overview ----------------------------------------------------------------------------------------
