package sqldb

import (
	"context"
)

// KampungInstitutions returns the distinct portal institutions (domain.md
// §1.12) involved in a Kampung KB's activities: those tagged on the
// activities and those its activities' partners map to.
func (db *DB) KampungInstitutions(ctx context.Context, kampungID int64) ([]string, error) {
	return column[string](ctx, db.read(), `SELECT ac.code FROM activity_codes ac
			JOIN activity_kampung ak ON ak.activity_id = ac.activity_id
			WHERE ak.kampung_id = ? AND ac.list = 'institution'
		UNION
		SELECT p.institution FROM partners p
			JOIN activity_partners ap ON ap.partner_id = p.id
			JOIN activity_kampung ak ON ak.activity_id = ap.activity_id
			WHERE ak.kampung_id = ? AND p.institution <> ''`, kampungID, kampungID)
}
