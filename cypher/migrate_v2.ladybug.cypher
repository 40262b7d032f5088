// Schema version 1 → 2: every article records the extractor version that produced its facts
// and its place in the order articles were stored (kg reextract redoes them in that order).
ALTER TABLE Article ADD IF NOT EXISTS extractor STRING;
ALTER TABLE Article ADD IF NOT EXISTS seq INT64
