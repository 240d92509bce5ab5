-- Roll-ups (issue 6): the programme indicators of every village and every
-- Kampung KB at a few reference dates, kept up to date when data change,
-- so that dashboards add up hundreds of rows instead of reading millions.
-- Kabupaten and province figures are sums of village rows (every column is
-- a count). Package rollup builds them. rollup_dirty counts the changes of
-- each village: every write of families, members, children, measurements
-- or Kampung KB adds 1 to its village's gen in the same transaction; a
-- build that read the village after seeing gen g sets built_gen = g, and
-- writes only if no build of a later state came first (built_gen <= g).
-- A village is out of date while gen > built_gen.

CREATE TABLE rollup_dirty (
	village_code TEXT COLLATE "C" PRIMARY KEY,
	gen          BIGINT NOT NULL,
	built_gen    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rollup_dirty_pending ON rollup_dirty(village_code) WHERE gen > built_gen;

-- The reference dates that have rows: "today" (rebuilt when the day
-- changes) and the last day of each of the months before it. complete is
-- false while a date's first build runs.
CREATE TABLE rollup_dates (
	at           DATE PRIMARY KEY,
	rule_version TEXT NOT NULL,
	complete     BOOLEAN NOT NULL DEFAULT FALSE,
	built_at     TIMESTAMPTZ NOT NULL
);

-- One row per (date, village) with families: the counts of
-- indicator.Counts, plus the families lying in at least one Kampung KB.
CREATE TABLE village_indicators (
	at                 DATE NOT NULL,
	village_code       TEXT COLLATE "C" NOT NULL,
	families           INTEGER NOT NULL,
	members            INTEGER NOT NULL,
	pus                INTEGER NOT NULL,
	pus_kb             INTEGER NOT NULL,
	pus_kb_modern      INTEGER NOT NULL,
	mkjp               INTEGER NOT NULL,
	unmet_iat          INTEGER NOT NULL,
	unmet_tial         INTEGER NOT NULL,
	early_marriage_19  INTEGER NOT NULL,
	target_families    INTEGER NOT NULL,
	krs                INTEGER NOT NULL,
	t_muda             INTEGER NOT NULL,
	t_tua              INTEGER NOT NULL,
	t_dekat            INTEGER NOT NULL,
	t_banyak           INTEGER NOT NULL,
	children_0_59m     INTEGER NOT NULL,
	measured_0_59m     INTEGER NOT NULL,
	stunted            INTEGER NOT NULL,
	families_in_kampung INTEGER NOT NULL,
	PRIMARY KEY (at, village_code)
);

-- One row per (date, Kampung KB) with families in it.
CREATE TABLE kampung_indicators (
	at                 DATE NOT NULL,
	kampung_id         BIGINT NOT NULL,
	village_code       TEXT COLLATE "C" NOT NULL,
	families           INTEGER NOT NULL,
	members            INTEGER NOT NULL,
	pus                INTEGER NOT NULL,
	pus_kb             INTEGER NOT NULL,
	pus_kb_modern      INTEGER NOT NULL,
	mkjp               INTEGER NOT NULL,
	unmet_iat          INTEGER NOT NULL,
	unmet_tial         INTEGER NOT NULL,
	early_marriage_19  INTEGER NOT NULL,
	target_families    INTEGER NOT NULL,
	krs                INTEGER NOT NULL,
	t_muda             INTEGER NOT NULL,
	t_tua              INTEGER NOT NULL,
	t_dekat            INTEGER NOT NULL,
	t_banyak           INTEGER NOT NULL,
	children_0_59m     INTEGER NOT NULL,
	measured_0_59m     INTEGER NOT NULL,
	stunted            INTEGER NOT NULL,
	PRIMARY KEY (at, kampung_id)
);
CREATE INDEX kampung_indicators_village ON kampung_indicators(at, village_code);

-- Nutrition prevalence (kampungkb.Prevalence) of every village's children
-- for a few periods: each of the last twelve calendar months, this year
-- and last year. A child's latest measurement in the period decides, so
-- periods do not add up: each kept period has its own rows. One row per
-- (period, village, Kampung KB of the child record; 0 for none) with
-- children; the kabupaten and province figures are sums.
CREATE TABLE rollup_periods (
	period_from DATE NOT NULL,
	period_to   DATE NOT NULL,
	complete    BOOLEAN NOT NULL DEFAULT FALSE,
	built_at    TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (period_from, period_to)
);

CREATE TABLE village_prevalence (
	period_from          DATE NOT NULL,
	period_to            DATE NOT NULL,
	village_code         TEXT COLLATE "C" NOT NULL,
	kampung_id           BIGINT NOT NULL,
	children             INTEGER NOT NULL,
	length_for_age_n     INTEGER NOT NULL,
	stunted              INTEGER NOT NULL,
	severely_stunted     INTEGER NOT NULL,
	weight_for_length_n  INTEGER NOT NULL,
	wasted               INTEGER NOT NULL,
	severely_wasted      INTEGER NOT NULL,
	overweight           INTEGER NOT NULL,
	weight_for_age_n     INTEGER NOT NULL,
	underweight          INTEGER NOT NULL,
	severely_underweight INTEGER NOT NULL,
	PRIMARY KEY (period_from, period_to, village_code, kampung_id)
);
