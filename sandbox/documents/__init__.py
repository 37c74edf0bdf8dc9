"""Official documents the sandbox portals publish: model, files (PDF, scan, DOCX, DOC), pages.

``Sandbox.documents_truth()`` lists them with their ground truth; ``/_sandbox/documents.json``
serves the same without the text.
"""
