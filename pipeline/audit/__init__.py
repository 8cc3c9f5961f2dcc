"""Cross-reference audit: every reference a letter makes is linked to the
letter it cites in the corpus, and every disagreement is reported.

    corpus      inputs (JSONL records or raw files) -> [CorpusDocument]
    numbers     a letter number and date as comparable parts (CitedNumber)
    index       candidate letters for a citation, without comparing all pairs
    compare     is a letter near enough a citation, and how far / how different
    confusions  the measured OCR digit confusions (pipeline/data/digit_confusions.json)
    linking     nearest letter per reference, duplicate numbers -> AuditFinding
    wording     Thai short dates and one phrase per difference
    report      findings as a terminal table, CSV, JSON or JSON lines
    command     the ``circulars audit`` click command
"""

from pipeline.audit.linking import audit_documents

__all__ = ["audit_documents"]
