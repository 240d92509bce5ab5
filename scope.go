package kampungkb

// Scope is the part of the records an actor may see. The web layer sets it
// from the actor, once per request, on every list, export and report;
// storage applies it (domain.md §4 and §11.6: a view scope on the region
// tree, checked by region code prefix, and partner users who see their own
// organisation's work). The zero Scope sees everything.
type Scope struct {
	// Region keeps the records located in that region (a dotted code and
	// everything below it): a Kampung KB by its village; an activity by
	// its Kampung KB (any of them); a contribution by the Kampung KB it
	// names or, naming none, its activity's; an agreement by its parties
	// as the agreements' region filter does (a party located in the
	// region, above it or below it). Partners are reference data: Region
	// does not restrict them.
	Region string
	// PartnerID keeps the records of a partner user's organisation and its
	// units: the partners themselves, the agreements they are a party to,
	// the activities they took part in or contributed to, their
	// contributions, and the Kampung KB they reached through those. A
	// negative PartnerID keeps nothing.
	PartnerID int64
}

// Unrestricted reports whether s sees everything.
func (s Scope) Unrestricted() bool { return s.Region == "" && s.PartnerID == 0 }

// Scope returns the view scope of the actor: its view region and, for a
// partner user, its organisation (a partner user without an organisation
// sees nothing).
func (a Actor) Scope() Scope {
	s := Scope{Region: a.ViewRegion}
	if a.Role == RoleMitra {
		s.PartnerID = a.PartnerID
		if s.PartnerID <= 0 {
			s.PartnerID = -1
		}
	}
	return s
}

// CapturesEverywhere reports whether the actor may enter data for every
// region.
func (a Actor) CapturesEverywhere() bool {
	for _, r := range a.CaptureRegions {
		if r == "" {
			return true
		}
	}
	return false
}
