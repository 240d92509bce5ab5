// Package growth computes WHO Child Growth Standards (2006, 0–5 years) and
// WHO Growth Reference 2007 (5–19 years) z-scores exactly as WHO's own
// software does (../shared/docs/who-algorithm.md). It is pure computation:
// the tables are read from an fs.FS in WHO's own text format; no database,
// no HTTP.
//
// Load reads a tables directory (who2006/*.txt, who2007/*.txt);
// Tables.Compute turns one Input into a Result holding every z-score of
// anthro_zscores (zlen, zwei, zwfl, zbmi, zhc, zac, zts, zss) and of
// anthroplus_zscores (zhfa, zwfa, zbfa), rounded to 2 decimals like R's
// round(), with the WHO flags. Missing inputs and uncomputable outputs are
// NaN. Compute does not allocate; ComputeAll spreads a batch over cores.
//
// Speed without giving up exactness: what depends only on a table row
// (1/(S·L) and the measurements at ±2 and ±3 SD for the restricted
// formula) is computed once at load time, so a z-score costs one log and
// one expm1 instead of five math.Pow calls. Interpolated rows
// (weight-for-length/height, 5–19 years) compute the SD values only when
// the z-score lies beyond ±3.
package growth
