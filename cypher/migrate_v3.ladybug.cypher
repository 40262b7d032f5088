// Schema version 2 → 3: every article keeps the page residue spans kg extract skipped in its text
// (as JSON), so kg reextract reads it as a fresh ingest does. Each step may run again after a kill
// before the version was recorded (IF NOT EXISTS).
ALTER TABLE Article ADD IF NOT EXISTS residue STRING
