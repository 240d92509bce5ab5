package kampungkb

// Reports on how far partners reach the Kampung KB of a region. National
// reporting measures cross-sector involvement as the share of Kampung KB
// with partner activity (domain.md §7.4); the district's aim is that every
// Kampung KB takes part, so the reports name the ones left out.

// KampungPlace names a Kampung KB together with where it lies, for lists
// that must tell an officer where to go.
type KampungPlace struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	VillageCode   string `json:"village_code"`
	Village       string `json:"village"`
	KecamatanCode string `json:"kecamatan_code"`
	Kecamatan     string `json:"kecamatan"`
}

// CoverageArea counts the Kampung KB of one region directly below the
// report's region (a kecamatan of a kabupaten, a village of a kecamatan).
type CoverageArea struct {
	Code    string `json:"code"`
	Name    string `json:"name"`
	Total   int    `json:"total"`
	Reached int    `json:"reached"`
}

// Percent returns the reached share in percent (0 when there is no Kampung KB).
func (a CoverageArea) Percent() float64 { return percent(a.Reached, a.Total) }

// CoverageReport says how many Kampung KB of a region partners reached in a
// period. A Kampung KB is reached when at least one activity in it during
// the period had at least one partner. Archived Kampung KB are not counted.
type CoverageReport struct {
	Region     string `json:"region"` // dotted code; "" is the whole country
	RegionName string `json:"region_name"`
	Period     Period `json:"period"` // zero ends are open
	Total      int    `json:"total"`
	Reached    int    `json:"reached"`
	// NotReached lists the Kampung KB without partner activity, ordered by
	// village code and name.
	NotReached []KampungPlace `json:"not_reached"`
	// AreaLevel is the level of Areas: one below Region (a village report
	// has one area, the village itself).
	AreaLevel Level          `json:"area_level"`
	Areas     []CoverageArea `json:"areas"`
}

// Percent returns the reached share in percent (0 when there is no Kampung KB).
func (r CoverageReport) Percent() float64 { return percent(r.Reached, r.Total) }

func percent(n, d int) float64 {
	if d == 0 {
		return 0
	}
	return 100 * float64(n) / float64(d)
}

// MatrixCell holds what one partner did in one Kampung KB: activities in
// it and contributions to it, with their value in Rupiah.
type MatrixCell struct {
	Activities    int   `json:"activities"`
	Contributions int   `json:"contributions"`
	Amount        int64 `json:"amount"`
}

// IsZero reports whether the cell is empty.
func (c MatrixCell) IsZero() bool { return c == MatrixCell{} }

// MatrixRow is one partner's row of a Matrix.
type MatrixRow struct {
	Partner  Ref   `json:"partner"`
	ParentID int64 `json:"parent_id,omitempty"`
	// Cells has one cell per column of the matrix, in the order of Kampung.
	Cells []MatrixCell `json:"cells"`
	// Total counts each of the partner's activities and contributions once,
	// so it may be less than the sum of the cells (see Matrix).
	Total MatrixCell `json:"total"`
}

// Matrix crosses partners (rows) with Kampung KB (columns) for a region
// and period. An activity in several Kampung KB counts in each of their
// cells, and so does a contribution given to such an activity without
// naming a Kampung KB; totals count each record once. Units of a partner
// have rows of their own, with ParentID set.
type Matrix struct {
	Region string `json:"region"`
	Period Period `json:"period"`
	// Kampung are the columns: the non-archived Kampung KB of the region,
	// and archived ones that have figures, ordered by village code and name.
	Kampung []KampungPlace `json:"kampung"`
	// Rows are the partners with activities or contributions in the region
	// and period, each followed by its units, by name.
	Rows []MatrixRow `json:"rows"`
	// Totals has one cell per column, counting each record once.
	Totals []MatrixCell `json:"totals"`
	// Total counts each activity with a partner and each contribution once.
	Total MatrixCell `json:"total"`
}

// PartnerFigures are what a partner did in a region and period.
type PartnerFigures struct {
	// Agreements are the agreements the partner is a party to that were in
	// force during the period and concern the region.
	Agreements    int   `json:"agreements"`
	Activities    int   `json:"activities"`
	Contributions int   `json:"contributions"`
	Amount        int64 `json:"amount"`
	// Kampung are the Kampung KB reached through activities or
	// contributions, by name.
	Kampung []Ref `json:"kampung"`
}

// IsZero reports whether the partner did nothing.
func (f PartnerFigures) IsZero() bool {
	return f.Agreements == 0 && f.Activities == 0 && f.Contributions == 0 && f.Amount == 0 && len(f.Kampung) == 0
}

// PartnerSummary sums up one partner's work in a region and period.
//
// Own counts the partner's own records only, so that the rows of a
// partner and of its units (Muslimat NW, Muslimat NW Pancor) never count a
// record twice when added up. A partner with units also has
// IncludingUnits ("termasuk unit"): its own records together with those of
// all its units, at every depth, each activity, agreement, contribution and
// Kampung KB counted once.
type PartnerSummary struct {
	Partner  Ref    `json:"partner"`
	Category string `json:"category"`
	ParentID int64  `json:"parent_id,omitempty"`
	// Depth is 0 for a partner without a parent, 1 for its units, and so on.
	Depth          int             `json:"depth"`
	Units          []Ref           `json:"units,omitempty"`
	Own            PartnerFigures  `json:"own"`
	IncludingUnits *PartnerFigures `json:"including_units,omitempty"`
}
