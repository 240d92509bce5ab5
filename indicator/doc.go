// Package indicator computes the programme indicators of formats.md
// "Programme indicators" (PUS, CPR/mCPR, MKJP, unmet need, early marriage,
// KRS and 4 Terlalu, stunting among children 0–59 months) from family data
// at a reference date, under a versioned RuleSet (rules/*.json, see
// rules/README.md; the sources are ../shared/docs/domain.md §1.13–1.19 and §2).
//
// Every indicator is a count over families or members, so an area's Counts
// are the sum of its families' Counts (Counts.Add, Areas): a kecamatan is
// exactly the sum of its desa, a kabupaten of its kecamatan. Percentages
// are never summed; they are derived from the integer numerators and
// denominators (Percent), with one decimal rounded half up on the exact
// ratio, and empty when the denominator is 0.
//
// Readings of the definitions where formats.md leaves room:
//
//   - Only ages are derived at the reference date; every other field
//     (marital status, method, reason, pregnancy, marriage age, children
//     born) is taken as recorded.
//   - A member without a birth date, or born after the date, does not count
//     at all (not in members, not as pregnant, no measurements).
//   - kb_reason counts only when kb_method is empty; a PUS with a method and
//     a stale reason is a user, not unmet need.
//   - "A pregnant member" makes a target family whoever she is (not only a
//     PUS), as formats.md says; domain.md §1.18 names "PUS hamil".
//   - early_marriage_19 counts every present member with marriage_age < 19,
//     of either sex, whatever the current marital status.
//   - t_dekat: a last_birth_date after the reference date raises no flag (the
//     interval at that date is unknown).
//   - The stunting window starts the same day of the month 6 months back,
//     clamped to the month's end (31 August → 28/29 February, not 3 March);
//     of two measurements on the deciding date, the later given wins.
//   - A family counts in families even when none of its members is present.
//
// The package is pure: it imports only the standard library and the domain
// package, and reads no database.
package indicator
