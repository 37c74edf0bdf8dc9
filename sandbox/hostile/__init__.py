"""The hostile portal (issue 15, "Nothing lost, nothing escapes"): faults a crawler and an
archive must survive, served beside the normal portals, and the proxy's scope rules."""
