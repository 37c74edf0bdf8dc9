"""The hostile portal (issue 15, "Nothing lost, nothing escapes"): faults a crawler and an
archive must survive, served beside the normal portals, and the proxy's scope rules."""

from sandbox.hostile.faults import OUTCOMES, Fault
from sandbox.hostile.portal import HostilePortal, HostileSettings, NoSuchFault

__all__ = ["OUTCOMES", "Fault", "HostilePortal", "HostileSettings", "NoSuchFault"]
