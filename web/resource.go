package web

import (
	"context"
	"net/http"
	"strconv"

	"kampungkb"
	"kampungkb/sqldb"
)

// resource holds the storage functions of one API collection, so that the
// standard handlers (get, create, update, delete) are written once, with
// the access rules: a record outside the actor's view scope answers 404
// like a missing one; a write to a record outside the capture scope, or
// that would move it out of or into it, answers 403.
type resource[T any] struct {
	s      *Server
	path   string // "/api/v1/activities"
	entity string // sqldb.EntityActivity: the view scope
	get    func(context.Context, int64) (T, error)
	create func(context.Context, *T) error
	update func(context.Context, *T) error
	remove func(context.Context, int64) error
	id     func(*T) *int64
	// capture checks that the actor may write a record located as v.
	capture func(*http.Request, *T) error
	// strip removes what the actor may not see (personal data), if set.
	strip func(*http.Request, *T)
}

// load reads record id when it is in the actor's view scope.
func (rs resource[T]) load(r *http.Request, id int64) (T, error) {
	if err := rs.s.inScope(r, rs.entity, id); err != nil {
		var zero T
		return zero, err
	}
	return rs.get(r.Context(), id)
}

// answer writes record id as the actor may see it.
func (rs resource[T]) answer(w http.ResponseWriter, r *http.Request, status int, id int64) {
	v, err := rs.get(r.Context(), id)
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	if rs.strip != nil {
		rs.strip(r, &v)
	}
	writeJSON(w, status, v)
}

// Get answers one record.
func (rs resource[T]) Get(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err == nil {
		err = rs.s.inScope(r, rs.entity, id)
	}
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	rs.answer(w, r, http.StatusOK, id)
}

// Create stores a record from a JSON body and answers it with 201 and its
// Location. An id in the body is ignored.
func (rs resource[T]) Create(w http.ResponseWriter, r *http.Request) {
	var v T
	if err := decodeJSON(w, r, &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	*rs.id(&v) = 0
	if err := rs.capture(r, &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	if err := rs.create(r.Context(), &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	id := *rs.id(&v)
	w.Header().Set("Location", rs.path+"/"+strconv.FormatInt(id, 10))
	rs.answer(w, r, http.StatusCreated, id)
}

// Update replaces a record with a JSON body (PUT semantics: every field
// is taken from the body; a version in the body guards against lost updates).
func (rs resource[T]) Update(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	old, err := rs.load(r, id)
	if err == nil {
		err = rs.capture(r, &old)
	}
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	var v T
	if err := decodeJSON(w, r, &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	*rs.id(&v) = id
	if err := rs.capture(r, &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	if err := rs.update(r.Context(), &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	rs.answer(w, r, http.StatusOK, id)
}

// Delete deletes a record; refusals (records referring to it) answer 409.
func (rs resource[T]) Delete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	old, err := rs.load(r, id)
	if err == nil {
		err = rs.capture(r, &old)
	}
	if err == nil {
		err = rs.remove(r.Context(), id)
	}
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listHandler answers a filtered, paged list as {"items": [...], "total": N},
// in the actor's view scope.
func listHandler[R any](s *Server, fetch func(context.Context, kampungkb.Filter) ([]R, int, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := parseFilter(r)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		rows, total, err := fetch(r.Context(), scoped(r, f))
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		if rows == nil {
			rows = []R{}
		}
		writeJSON(w, http.StatusOK, list[R]{Items: rows, Total: total})
	}
}

// The API collections with the standard handlers.

func (s *Server) partnerAPI() resource[kampungkb.Partner] {
	return resource[kampungkb.Partner]{s: s, path: "/api/v1/partners", entity: sqldb.EntityPartner, get: s.db.Partner,
		create: s.db.CreatePartner, update: s.db.UpdatePartner, remove: s.db.DeletePartner,
		id:      func(v *kampungkb.Partner) *int64 { return &v.ID },
		capture: func(r *http.Request, v *kampungkb.Partner) error { return capturePartner(actorOf(r), v.Regions) }}
}

func (s *Server) kampungAPI() resource[kampungkb.Kampung] {
	return resource[kampungkb.Kampung]{s: s, path: "/api/v1/kampung", entity: sqldb.EntityKampung, get: s.db.Kampung,
		create: s.db.CreateKampung, update: s.db.UpdateKampung, remove: s.db.DeleteKampung,
		id: func(v *kampungkb.Kampung) *int64 { return &v.ID },
		capture: func(r *http.Request, v *kampungkb.Kampung) error {
			return captureVillage(actorOf(r), v.Name, v.VillageCode)
		}}
}

func (s *Server) agreementAPI() resource[kampungkb.Agreement] {
	return resource[kampungkb.Agreement]{s: s, path: "/api/v1/agreements", entity: sqldb.EntityAgreement, get: s.db.Agreement,
		create: s.db.CreateAgreement, update: s.db.UpdateAgreement, remove: s.db.DeleteAgreement,
		id:      func(v *kampungkb.Agreement) *int64 { return &v.ID },
		capture: func(r *http.Request, v *kampungkb.Agreement) error { return s.captureAgreement(r, *v) }}
}

func (s *Server) activityAPI() resource[kampungkb.Activity] {
	return resource[kampungkb.Activity]{s: s, path: "/api/v1/activities", entity: sqldb.EntityActivity, get: s.db.Activity,
		create: s.db.CreateActivity, update: s.db.UpdateActivity, remove: s.db.DeleteActivity,
		id:      func(v *kampungkb.Activity) *int64 { return &v.ID },
		capture: func(r *http.Request, v *kampungkb.Activity) error { return s.captureKampung(r, v.KampungIDs...) },
		strip:   stripPersonal}
}

func (s *Server) contributionAPI() resource[kampungkb.Contribution] {
	return resource[kampungkb.Contribution]{s: s, path: "/api/v1/contributions", entity: sqldb.EntityContribution,
		get: s.db.Contribution, create: s.db.CreateContribution, update: s.db.UpdateContribution, remove: s.db.DeleteContribution,
		id:      func(v *kampungkb.Contribution) *int64 { return &v.ID },
		capture: func(r *http.Request, v *kampungkb.Contribution) error { return s.captureContribution(r, *v) }}
}
