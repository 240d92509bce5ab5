// Package web serves kampungkb over HTTP: server-rendered HTML pages in
// Bahasa Indonesia for people, and the JSON API under /api/v1 for scripts
// and other systems. routes.go holds the whole URL map.
package web

import (
	"context"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/sqldb"
)

//go:embed templates static
var assets embed.FS

// Options configure a Server.
type Options struct {
	Logger *slog.Logger
	// Location is the time zone of "today" (agreement status, date limits).
	Location *time.Location
	// SecureCookies marks session cookies Secure (the server is reached
	// over TLS, directly or through a proxy).
	SecureCookies bool
	// BehindProxy trusts X-Forwarded-For and X-Forwarded-Proto from a
	// reverse proxy on this machine.
	BehindProxy bool
	// SessionIdle and SessionMax bound a login session: it ends after
	// SessionIdle without a request, and SessionMax after login at most.
	SessionIdle, SessionMax time.Duration
	// Scorer computes WHO z-scores for measurements; nil when the WHO
	// tables are not installed (pages then say what to run).
	Scorer Scorer
	// Charts draws the WHO reference curves of growth charts; nil without
	// tables.
	Charts ChartSource
	// Now returns the current time; tests replace it.
	Now func() time.Time
	// WHOTables is the verified directory of the WHO growth tables found
	// at start, or "" when they are not installed (growth pages then say
	// what to run; everything else works).
	WHOTables string
	// RollupWorker: a roll-up worker (package rollup) runs beside the
	// server, so pages may read roll-ups whose latest changes it is still
	// refreshing (a second at most) instead of refreshing them themselves.
	RollupWorker bool
}

// Server is the HTTP handler of the application.
type Server struct {
	db    *sqldb.DB
	log   *slog.Logger
	loc   *time.Location
	now   func() time.Time
	pages map[string]*template.Template

	secureCookies, behindProxy bool
	scorer                     Scorer
	dashCache                  dashCache
	rollupWorker               bool
	charts                     ChartSource
	sessionIdle, sessionMax    time.Duration
	handler                    http.Handler
	routes                     []Route
	whoTables                  string
}

// New builds the server, parsing every template once (failing fast on a
// broken or missing one).
func New(db *sqldb.DB, opt Options) (*Server, error) {
	s := &Server{db: db, log: opt.Logger, loc: opt.Location, now: opt.Now, secureCookies: opt.SecureCookies,
		behindProxy: opt.BehindProxy, sessionIdle: opt.SessionIdle, sessionMax: opt.SessionMax,
		scorer: opt.Scorer, charts: opt.Charts, whoTables: opt.WHOTables, rollupWorker: opt.RollupWorker}
	if s.sessionIdle <= 0 {
		s.sessionIdle = 2 * time.Hour
	}
	if s.sessionMax <= 0 {
		s.sessionMax = 12 * time.Hour
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.loc == nil {
		s.loc = time.UTC
	}
	if s.now == nil {
		s.now = time.Now
	}
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	s.routes = s.routeTable()
	for _, rt := range s.routes {
		mux.Handle(rt.Method+" "+rt.Pattern, s.guard(rt))
	}
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	mux.HandleFunc("/", s.notFound)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := &kampungkb.Error{Kind: kampungkb.Forbidden, Message: "Permintaan ditolak: formulir dikirim dari situs lain. Buka halaman kampungkb langsung, lalu kirim lagi."}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, err)
			return
		}
		s.htmlError(w, r, err)
	}))
	s.handler = s.recoverPanics(s.logRequests(securityHeaders(limitBody(s.authenticate(cop.Handler(mux))))))
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes returns the route table (for tests and the OpenAPI document).
func (s *Server) Routes() []Route { return s.routes }

// today returns the current date in the server's time zone.
func (s *Server) today() kampungkb.Date { return kampungkb.DateOf(s.now().In(s.loc)) }

// maxFormBody bounds request bodies other than file uploads; multipart
// bodies are bounded by maxUploadBody here and more tightly by their
// handlers.
const (
	maxFormBody   = 2 << 20
	maxUploadBody = kampungkb.MaxDocumentSize + uploadOverhead
)

// limitBody caps request bodies so that a client cannot make the server
// read (or, for multipart forms, spool to disk) without end. A form or
// JSON body whose declared length is already too long is refused before
// it is read.
func limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body == nil || r.Body == http.NoBody {
			next.ServeHTTP(w, r)
			return
		}
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
			// Upload handlers refuse oversize files themselves, with a
			// message on the form; this only bounds what anyone reads.
			r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
			next.ServeHTTP(w, r)
			return
		}
		if r.ContentLength > maxFormBody {
			msg := fmt.Sprintf("Isi permintaan terlalu besar: paling besar %d MB.", maxFormBody>>20)
			if strings.HasPrefix(r.URL.Path, "/api/") {
				var body apiError
				body.Error.Code, body.Error.Message = string(kampungkb.Invalid), msg
				writeJSON(w, http.StatusRequestEntityTooLarge, body)
			} else {
				http.Error(w, msg+" Perpendek isian, lalu kirim lagi.", http.StatusRequestEntityTooLarge)
			}
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		next.ServeHTTP(w, r)
	})
}

// securityHeaders sets headers every response carries.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		next.ServeHTTP(w, r)
	})
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	size   int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.size += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "bytes", sw.size, "dur", time.Since(start))
	})
}

func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "value", fmt.Sprint(v), "stack", string(debug.Stack()))
				http.Error(w, "Terjadi kesalahan di server.", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// healthz answers 200 when the database is reachable (formats.md "HTTP").
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.db.Ping(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "ok")
}
