package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"kampungkb"
	"kampungkb/exchange"
	"kampungkb/importer"
)

// The upload page and API for family data files: the same import as
// "kampungkb import families|members|measurements" (package importer),
// limited to the user's capture scope. The file is read as it arrives,
// never held whole in memory or on disk.

// maxImportBody bounds an uploaded file: a kecamatan's files are tens of
// MB; a whole kabupaten's members (≈ 120 MB) belongs on the command line.
const maxImportBody = 256 << 20

// importDeadline is how long an upload may take to arrive and import
// (the server's default read timeout is 2 minutes: too short for a large
// file over a district office's line).
const importDeadline = 30 * time.Minute

type importData struct {
	Kinds  []kampungkb.Code
	Done   bool
	Kind   string
	DryRun bool
	File   string
	Result importer.Result
	// Summary says what happened; Errors and Warnings list rows
	// (FILE:LINE: column: problem), at most exchange.MaxListedErrors.
	Summary   string
	Errors    []string
	ErrorN    int
	Warnings  []string
	WarningN  int
	Growth    string
	MaxSizeMB int
}

func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	v := url.Values{"dry_run": {"1"}}
	if k := r.URL.Query().Get("kind"); importer.Kinds.Has(k) {
		v.Set("kind", k)
	}
	s.renderImport(w, r, http.StatusOK, importData{}, newForm(v))
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, d importData, f *form) {
	d.Kinds, d.Growth, d.MaxSizeMB = importer.Kinds.Items, s.growthNote(), maxImportBody>>20
	s.render(w, r, status, "import.html", &page{Title: "Impor data keluarga", Section: "keluarga",
		Crumbs: []crumb{{"Keluarga", "/keluarga"}}, Form: f, Data: d})
}

// importOptions are the import options of the actor: its capture scope
// and the WHO tables.
func (s *Server) importOptions(r *http.Request, dryRun bool) importer.Options {
	opt := importer.Options{DryRun: dryRun, Score: s.scorer}
	if a := actorOf(r); !a.CapturesEverywhere() {
		opt.InScope = a.CanCapture
	}
	return opt
}

// importUpload reads a multipart form whose fields come in page order:
// kind and dry_run before the file, so that the file can be imported as
// it streams in.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(importDeadline))
	rc.SetWriteDeadline(time.Now().Add(importDeadline))
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	fail := func(status int, v url.Values, field, msg string) {
		f := newForm(v)
		f.fail(&kampungkb.Error{Kind: kampungkb.Invalid, Message: "Berkas belum diimpor.", Fields: map[string]string{field: msg}})
		s.renderImport(w, r, status, importData{}, f)
	}
	v := url.Values{}
	mr, err := r.MultipartReader()
	if err != nil {
		fail(http.StatusBadRequest, v, "file", "Kirim berkas lewat formulir ini (multipart/form-data).")
		return
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			fail(http.StatusBadRequest, v, "file", "Pilih berkas CSV yang akan diimpor.")
			return
		}
		if err != nil {
			fail(statusOfBody(err), v, "file", bodyProblem(err))
			return
		}
		name := part.FormName()
		if name != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 1024))
			v.Set(name, string(b))
			continue
		}
		kind := v.Get("kind")
		if !importer.Kinds.Has(kind) {
			fail(http.StatusBadRequest, v, "kind", "Pilih jenis berkas: keluarga, anggota keluarga atau pengukuran.")
			return
		}
		file := part.FileName()
		if file == "" {
			fail(http.StatusBadRequest, v, "file", "Pilih berkas CSV yang akan diimpor.")
			return
		}
		dry := v.Get("dry_run") == "1"
		res, err := importer.Run(r.Context(), s.db, kind, part, file, s.importOptions(r, dry))
		d := importData{Done: true, Kind: kind, DryRun: dry, File: file, Result: res}
		if res.Report != nil {
			d.Errors, d.ErrorN = listRows(res.Report.Errors)
			d.Warnings, d.WarningN = listRows(res.Report.Warnings)
		}
		var rows exchange.RowErrors
		switch {
		case errors.As(err, &rows):
			d.Summary = "Berkas " + file + " tidak diimpor: " + kampungkb.FormatInt(int64(d.ErrorN)) +
				" masalah pada baris di bawah. Tidak ada data yang berubah; perbaiki berkasnya lalu unggah lagi."
			s.renderImport(w, r, http.StatusBadRequest, d, newForm(v))
			return
		case err != nil && isBodyError(err):
			fail(statusOfBody(err), v, "file", bodyProblem(err))
			return
		case err != nil:
			f := newForm(v)
			f.fail(err)
			if f.Message == "" {
				f.Message = kampungkb.ErrorMessage(err)
			}
			s.renderImport(w, r, statusOf(err), d, f)
			return
		}
		d.Summary = res.Summary(kind, dry)
		if dry {
			d.Summary += " Bila sudah benar, unggah lagi tanpa tanda uji coba."
		}
		s.renderImport(w, r, http.StatusOK, d, newForm(v))
		return
	}
}

// apiImport imports a CSV file sent as the request body:
// POST /api/v1/imports/{kind}?dry_run=1.
func (s *Server) apiImport(w http.ResponseWriter, r *http.Request) {
	kind := r.PathValue("kind")
	if !importer.Kinds.Has(kind) {
		s.apiFail(w, r, &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Jenis impor " + kind + " tidak dikenal: families, members atau measurements."})
		return
	}
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(importDeadline))
	rc.SetWriteDeadline(time.Now().Add(importDeadline))
	r.Body = http.MaxBytesReader(w, r.Body, maxImportBody)
	dry := r.URL.Query().Get("dry_run") == "1" || r.URL.Query().Get("dry_run") == "true"
	name := kind + ".csv"
	res, err := importer.Run(r.Context(), s.db, kind, r.Body, name, s.importOptions(r, dry))
	var rows exchange.RowErrors
	switch {
	case errors.As(err, &rows):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": kampungkb.Invalid,
			"message": "Berkas tidak diimpor: ada baris yang salah; tidak ada data yang berubah.", "rows": rows},
			"warnings": res.Report.Warnings})
		return
	case err != nil && isBodyError(err):
		s.apiFail(w, r, kampungkb.Errorf(kampungkb.Invalid, "%s", bodyProblem(err)))
		return
	case err != nil:
		s.apiFail(w, r, err)
		return
	}
	var warnings exchange.RowErrors
	if res.Report != nil {
		warnings = res.Report.Warnings
	}
	writeJSON(w, http.StatusOK, map[string]any{"kind": kind, "dry_run": dry, "read": res.Read, "inserted": res.Inserted,
		"updated": res.Updated, "unchanged": res.Unchanged, "children_created": max(res.Children, 0),
		"warnings": warnings, "message": res.Summary(kind, dry)})
}

// listRows writes the first exchange.MaxListedErrors rows and the count.
func listRows(es exchange.RowErrors) ([]string, int) {
	var out []string
	for i, e := range es {
		if i == exchange.MaxListedErrors {
			break
		}
		out = append(out, e.String())
	}
	return out, len(es)
}

// isBodyError reports an upload cut short or too large.
func isBodyError(err error) bool {
	var big *http.MaxBytesError
	return errors.As(err, &big) || errors.Is(err, io.ErrUnexpectedEOF)
}

func statusOfBody(err error) int {
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// bodyProblem explains an upload that could not be read.
func bodyProblem(err error) string {
	var big *http.MaxBytesError
	if errors.As(err, &big) {
		return "Berkas lebih dari " + kampungkb.FormatInt(maxImportBody>>20) +
			" MB. Bagi per kecamatan, atau impor di server dengan kampungkb import (tanpa batas ukuran)."
	}
	if strings.Contains(err.Error(), "EOF") {
		return "Unggahan terputus sebelum selesai. Tidak ada data yang berubah; coba lagi."
	}
	return "Unggahan tidak terbaca: " + err.Error()
}
