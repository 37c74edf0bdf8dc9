"""the commune or ward each pre-2025 commune portal went into

Catalog rows made before the commune mapping was bundled
(``archive/catalog/data/commune-merger-2025.csv.gz``, from vietnamadminunits; see
``scripts/build_units.py``) have a pre-2025 ``old_commune_code`` and no
``new_commune_code``: the commune portals of the bundled catalog (loaded by 0006) and any
added or imported. They get the code of the commune or ward their commune went into (whole,
or mostly when it was split), as rows made since do; a commune the mapping does not cover
keeps NULL. The search facets of their documents are refreshed. No schema change: the new
``department`` level fits the ``level`` column as it is.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

portals = sa.table(
    "portals",
    sa.column("id", sa.Integer),
    sa.column("host", sa.String),
    sa.column("old_commune_code", sa.Integer),
    sa.column("new_commune_code", sa.Integer),
)


def upgrade() -> None:
    from archive.catalog.units import commune_merger
    from archive.search import reindex_portals

    bind = op.get_bind()
    rows = bind.execute(
        sa.select(portals.c.id, portals.c.host, portals.c.old_commune_code).where(
            portals.c.old_commune_code.is_not(None), portals.c.new_commune_code.is_(None)
        )
    ).all()
    merger = commune_merger()
    filled = []
    for portal_id, host, old_code in rows:
        fate = merger.get(old_code)
        if fate is not None:
            bind.execute(
                sa.update(portals)
                .where(portals.c.id == portal_id)
                .values(new_commune_code=fate.main)
            )
            filled.append(host)
    if filled:
        session = Session(bind=bind)
        reindex_portals(session, filled)
        session.flush()


def downgrade() -> None:
    """Nothing to undo: the codes filled are what the catalog holds since."""
