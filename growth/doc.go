// Package growth computes WHO Child Growth Standards (2006, 0–5 years) and
// WHO Growth Reference 2007 (5–19 years) z-scores exactly as WHO's own
// software does (../shared/docs/who-algorithm.md). It is pure computation:
// the tables are read from an fs.FS in WHO's own text format; no database,
// no HTTP.
package growth
