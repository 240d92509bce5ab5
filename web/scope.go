package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"kampungkb"
	"kampungkb/sqldb"
)

// Access has three layers (domain.md §4 and §11.6):
//
//  1. guard (auth.go) lets a request reach a route's handler only with the
//     route's permission (routes.go);
//  2. the view scope: scoped sets the actor's kampungkb.Scope on every
//     list, export and report, and storage applies it; a single record
//     outside it answers 404 exactly like a missing id (inScope);
//  3. the capture scope: a write to a record located outside the actor's
//     capture regions, or moving one into or out of them, answers 403
//     (the capture... helpers below).
//
// Where a record lies for writes: a Kampung KB at its village; an activity
// at each of its Kampung KB; a contribution at the Kampung KB it names or,
// naming none, at its activity's; an agreement at each regional party (a
// government party's region, a party Kampung KB's village). Partner
// parties do not locate an agreement: an agreement between a partner and
// BKKBN without a region (a national partner) may be kept by any actor
// with PermEditAgreements who can see it. A partner lies at each of its
// work regions; one without work regions (national) is kept by actors who
// capture everywhere.

// actorOf returns the acting user. guard lets no request without one
// reach a route that is not public.
func actorOf(r *http.Request) kampungkb.Actor {
	a, _ := kampungkb.ActorFrom(r.Context())
	return a
}

// scopeOf returns the view scope of the request's actor; a request
// without one sees nothing.
func scopeOf(r *http.Request) kampungkb.Scope {
	a, ok := kampungkb.ActorFrom(r.Context())
	if !ok {
		return kampungkb.Scope{PartnerID: -1}
	}
	return a.Scope()
}

// scoped returns f restricted to the actor's view scope: the one place
// where lists, exports and reports get their scope.
func scoped(r *http.Request, f kampungkb.Filter) kampungkb.Filter {
	f.Scope = scopeOf(r)
	return f
}

// inScope returns nil when record id of entity (sqldb.EntityKampung, ...)
// is in the actor's view scope, and otherwise the error a missing record
// gives (NotFound, same message).
func (s *Server) inScope(r *http.Request, entity string, id int64) error {
	return s.db.InScope(r.Context(), entity, id, scopeOf(r))
}

// canView reports whether record id of entity is in the actor's view
// scope (for links and options; errors count as no).
func (s *Server) canView(r *http.Request, entity string, id int64) bool {
	return s.inScope(r, entity, id) == nil
}

// outsideCapture is the refusal of a write outside the capture scope; it
// names the places and the actor's capture regions.
func outsideCapture(a kampungkb.Actor, places []string) error {
	where := "Anda tidak mempunyai wilayah input."
	if len(a.CaptureRegions) > 0 {
		where = "Wilayah input Anda: " + strings.Join(a.CaptureRegions, ", ") + "."
	}
	return &kampungkb.Error{Kind: kampungkb.Forbidden, Op: "wilayah input",
		Message: "Di luar wilayah input Anda: " + strings.Join(places, "; ") + ". " + where}
}

// captureKampung checks that the actor may enter data for the Kampung KB
// ids. A Kampung KB the actor cannot see is named by its number only, and
// one that does not exist is refused alike, so that the answer tells
// nothing about records outside the view scope.
func (s *Server) captureKampung(r *http.Request, ids ...int64) error {
	a := actorOf(r)
	if a.CapturesEverywhere() || len(ids) == 0 {
		return nil
	}
	places, err := s.db.KampungPlaces(r.Context(), ids)
	if err != nil {
		return err
	}
	var out []string
	for _, id := range ids {
		p, ok := places[id]
		if ok && a.CanCapture(p.Village) {
			continue
		}
		if ok && s.canView(r, sqldb.EntityKampung, id) {
			out = append(out, p.Name+" ("+p.Village+")")
		} else {
			out = append(out, "Kampung KB nomor "+strconv.FormatInt(id, 10))
		}
	}
	if len(out) > 0 {
		return outsideCapture(a, out)
	}
	return nil
}

// canChangeIn says whether the actor's role grants perm and village lies
// in its capture scope (for showing edit links; handlers check again).
func canChangeIn(a kampungkb.Actor, perm kampungkb.Permission, village string) bool {
	return a.Can(perm) && (a.CapturesEverywhere() || a.CanCapture(village))
}

// captureRegions checks that the actor may enter data for the region
// codes (dotted or not; invalid codes are left to validation).
func captureRegions(a kampungkb.Actor, codes ...string) error {
	if a.CapturesEverywhere() {
		return nil
	}
	var out []string
	for _, c := range codes {
		code, _, ok := kampungkb.NormalizeRegionCode(c)
		if ok && !a.CanCapture(code) {
			out = append(out, "wilayah "+code)
		}
	}
	if len(out) > 0 {
		return outsideCapture(a, out)
	}
	return nil
}

// captureVillage checks a Kampung KB's village ("" is left to validation).
func captureVillage(a kampungkb.Actor, name, village string) error {
	if a.CapturesEverywhere() || village == "" {
		return nil
	}
	code, _, ok := kampungkb.NormalizeRegionCode(village)
	if !ok || a.CanCapture(code) {
		return nil
	}
	if name == "" {
		name = "Kampung KB"
	}
	return outsideCapture(a, []string{name + " (" + code + ")"})
}

// captureContribution checks the Kampung KB a contribution lies in: the
// one it names, or its activity's.
func (s *Server) captureContribution(r *http.Request, c kampungkb.Contribution) error {
	a := actorOf(r)
	switch {
	case a.CapturesEverywhere():
		return nil
	case c.KampungID > 0:
		return s.captureKampung(r, c.KampungID)
	case c.ActivityID > 0:
		ids, err := s.db.ActivityKampungIDs(r.Context(), c.ActivityID)
		if err != nil {
			return err
		}
		if len(ids) == 0 || !s.canView(r, sqldb.EntityActivity, c.ActivityID) {
			return outsideCapture(a, []string{"kegiatan nomor " + strconv.FormatInt(c.ActivityID, 10)})
		}
		return s.captureKampung(r, ids...)
	}
	return nil
}

// captureAgreement checks the regional parties of an agreement.
func (s *Server) captureAgreement(r *http.Request, ag kampungkb.Agreement) error {
	a := actorOf(r)
	if a.CapturesEverywhere() {
		return nil
	}
	var codes []string
	var kampung []int64
	for _, p := range ag.Parties {
		switch {
		case p.Kind == "kampung" && p.KampungID > 0:
			kampung = append(kampung, p.KampungID)
		case p.Kind != "mitra" && p.RegionCode != "":
			codes = append(codes, p.RegionCode)
		}
	}
	if err := captureRegions(a, codes...); err != nil {
		return err
	}
	return s.captureKampung(r, kampung...)
}

// capturePartner checks a partner's work regions. A partner without work
// regions works nationally: only actors who capture everywhere keep it.
func capturePartner(a kampungkb.Actor, regions []string) error {
	if a.CapturesEverywhere() {
		return nil
	}
	if len(regions) == 0 {
		return outsideCapture(a, []string{"mitra tanpa wilayah kerja (tingkat nasional); isi wilayah kerjanya"})
	}
	return captureRegions(a, regions...)
}

// canCapture* report the same for the buttons and forms of a page.

func (s *Server) canEditKampung(r *http.Request, k kampungkb.Kampung) bool {
	a := actorOf(r)
	return a.Can(kampungkb.PermEditKampung) && captureVillage(a, k.Name, k.VillageCode) == nil
}

func (s *Server) canEditActivity(r *http.Request, act kampungkb.Activity) bool {
	return actorOf(r).Can(kampungkb.PermEditActivities) && s.captureKampung(r, act.KampungIDs...) == nil
}

func (s *Server) canEditContribution(r *http.Request, c kampungkb.Contribution) bool {
	return actorOf(r).Can(kampungkb.PermEditActivities) && s.captureContribution(r, c) == nil
}

func (s *Server) canEditAgreement(r *http.Request, ag kampungkb.Agreement) bool {
	return actorOf(r).Can(kampungkb.PermEditAgreements) && s.captureAgreement(r, ag) == nil
}

func canEditPartner(r *http.Request, m kampungkb.Partner) bool {
	a := actorOf(r)
	return a.Can(kampungkb.PermEditPartners) && capturePartner(a, m.Regions) == nil
}

// stripPersonal removes member-level personal data (named attendees) from
// an activity for actors without PermViewPersonal.
func stripPersonal(r *http.Request, a *kampungkb.Activity) {
	if !actorOf(r).Can(kampungkb.PermViewPersonal) {
		a.Attendees = nil
	}
}

// visibleIDs keeps the ids of entity the actor can see.
func (s *Server) visibleIDs(ctx context.Context, r *http.Request, entity string, ids []string) []string {
	var out []string
	for _, v := range ids {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil && s.db.InScope(ctx, entity, id, scopeOf(r)) == nil {
			out = append(out, v)
		}
	}
	return out
}
