package web

import (
	"context"
	"net/http"
	"strconv"

	"kampungkb"
)

// resource holds the storage functions of one API collection, so that the
// standard handlers (get, create, update, delete) are written once.
type resource[T any] struct {
	s      *Server
	path   string // "/api/v1/activities"
	get    func(context.Context, int64) (T, error)
	create func(context.Context, *T) error
	update func(context.Context, *T) error
	remove func(context.Context, int64) error
	id     func(*T) *int64
}

// Get answers one record.
func (rs resource[T]) Get(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	v, err := rs.get(r.Context(), id)
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
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
	if err := rs.create(r.Context(), &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	id := *rs.id(&v)
	v, err := rs.get(r.Context(), id)
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	w.Header().Set("Location", rs.path+"/"+strconv.FormatInt(id, 10))
	writeJSON(w, http.StatusCreated, v)
}

// Update replaces a record with a JSON body (PUT semantics: every field
// is taken from the body; a version in the body guards against lost updates).
func (rs resource[T]) Update(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
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
	if err := rs.update(r.Context(), &v); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	if v, err = rs.get(r.Context(), id); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// Delete deletes a record; refusals (records referring to it) answer 409.
func (rs resource[T]) Delete(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	if err := rs.remove(r.Context(), id); err != nil {
		rs.s.apiFail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// listHandler answers a filtered, paged list as {"items": [...], "total": N}.
func listHandler[R any](s *Server, fetch func(context.Context, kampungkb.Filter) ([]R, int, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f, err := parseFilter(r)
		if err != nil {
			s.apiFail(w, r, err)
			return
		}
		rows, total, err := fetch(r.Context(), f)
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
	return resource[kampungkb.Partner]{s: s, path: "/api/v1/partners", get: s.db.Partner, create: s.db.CreatePartner,
		update: s.db.UpdatePartner, remove: s.db.DeletePartner, id: func(v *kampungkb.Partner) *int64 { return &v.ID }}
}

func (s *Server) kampungAPI() resource[kampungkb.Kampung] {
	return resource[kampungkb.Kampung]{s: s, path: "/api/v1/kampung", get: s.db.Kampung, create: s.db.CreateKampung,
		update: s.db.UpdateKampung, remove: s.db.DeleteKampung, id: func(v *kampungkb.Kampung) *int64 { return &v.ID }}
}

func (s *Server) agreementAPI() resource[kampungkb.Agreement] {
	return resource[kampungkb.Agreement]{s: s, path: "/api/v1/agreements", get: s.db.Agreement, create: s.db.CreateAgreement,
		update: s.db.UpdateAgreement, remove: s.db.DeleteAgreement, id: func(v *kampungkb.Agreement) *int64 { return &v.ID }}
}

func (s *Server) activityAPI() resource[kampungkb.Activity] {
	return resource[kampungkb.Activity]{s: s, path: "/api/v1/activities", get: s.db.Activity, create: s.db.CreateActivity,
		update: s.db.UpdateActivity, remove: s.db.DeleteActivity, id: func(v *kampungkb.Activity) *int64 { return &v.ID }}
}

func (s *Server) contributionAPI() resource[kampungkb.Contribution] {
	return resource[kampungkb.Contribution]{s: s, path: "/api/v1/contributions", get: s.db.Contribution, create: s.db.CreateContribution,
		update: s.db.UpdateContribution, remove: s.db.DeleteContribution, id: func(v *kampungkb.Contribution) *int64 { return &v.ID }}
}
