// Schema version 2 → 3: every article keeps the page residue spans kg extract skipped in its text
// (as JSON), so kg reextract reads it as a fresh ingest does.
ALTER TABLE Article ADD residue STRING
