"""The kind of a figure (fact_waarde.soort): what it is, as the extract or its cell declares it.

One vocabulary for the ETL; the app's display labels are in app/vocab.py (a test keeps both equal).
"""

from __future__ import annotations

# A survey or registration figure, as the source measured it: no mark on screen.
GEMETEN = "gemeten"
# A model prediction for the area (RIVM/CBS small-area estimation, SMAP): not a sample.
MODELSCHATTING = "modelschatting"
# Computed by this warehouse from other figures (a gemeente or cluster from its wijken).
BEREKEND = "berekend"
# Approximate as delivered: the source writes 'ca.', 'circa' or 'ongeveer' in the cell.
ONGEVEER = "ongeveer"
# Derived or inferred by the monitor from another figure (e.g. 50% of a regional figure).
HERLEID = "herleid"
# A forecast (prognose) of a future or current situation.
PROGNOSE = "prognose"
# Converted from an older area division to the current one (geo: areal interpolation).
OMGEREKEND = "omgerekend"

SOORTEN = (GEMETEN, MODELSCHATTING, BEREKEND, ONGEVEER, HERLEID, PROGNOSE, OMGEREKEND)
# The kinds an extract's description may declare (berekend and omgerekend are made by the build).
GEDECLAREERD = (GEMETEN, MODELSCHATTING, ONGEVEER, HERLEID, PROGNOSE)
# The kinds that need a word on how the figure was made (the .toml's `uitleg`).
MET_UITLEG = (HERLEID, PROGNOSE, MODELSCHATTING)
SQL_ENUM = "ENUM(" + ", ".join(f"'{s}'" for s in SOORTEN) + ")"
