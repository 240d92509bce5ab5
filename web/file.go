package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"kampungkb"
)

// Uploaded files are stored in the database (kampungkb.File) and served
// at /berkas/{id} and /api/v1/files/{id}.

// uploadOverhead is what a multipart body may hold besides the file: the
// part headers and the other fields.
const uploadOverhead = 1 << 20

// readDocumentUpload reads a multipart upload of a document: the file in
// field "file" and an optional "title" (default: the file's name without
// its extension). The body is limited to a little more than
// kampungkb.MaxDocumentSize, the content type is sniffed from the bytes
// (the client's type is ignored) and checked with kampungkb.CheckUpload.
// Errors are Invalid with a message for field "file" or "title".
func readDocumentUpload(w http.ResponseWriter, r *http.Request) (string, kampungkb.File, error) {
	return readUpload(w, r, kampungkb.DocumentTypes, kampungkb.MaxDocumentSize)
}

func readUpload(w http.ResponseWriter, r *http.Request, types []string, maxSize int64) (string, kampungkb.File, error) {
	f, err := readFormFile(w, r, uploadField{name: "file", noun: "berkas", types: types, max: maxSize})
	if err != nil {
		return "", f, err
	}
	if err := kampungkb.CheckUpload("file", f, types, maxSize); err != nil {
		return "", f, err
	}
	title := strings.TrimSpace(r.FormValue("title"))
	if title == "" {
		title = strings.TrimSuffix(f.Name, path.Ext(f.Name))
	}
	if utf8.RuneCountInString(title) > 200 {
		return "", f, &kampungkb.Error{Kind: kampungkb.Invalid, Op: "unggah berkas", Message: "Periksa kembali isian yang ditandai.",
			Fields: map[string]string{"title": "Terlalu panjang: paling banyak 200 karakter."}}
	}
	return title, f, nil
}

// uploadField describes the file field of a multipart form: its name, the
// word the user knows it by ("berkas", "foto"), the content types it
// accepts and its largest size.
type uploadField struct {
	name, noun string
	types      []string
	max        int64
}

// readFormFile reads the file in field u.name of a multipart form. The body
// is limited to a little more than u.max and the content type is sniffed
// from the bytes (the client's type is ignored). A body that is not a
// multipart form, a missing file and a file larger than u.max are Invalid
// errors for u.name; whether the type is accepted is left to the caller,
// which may report it together with the form's other fields. After a
// successful parse the form's other values are in r.MultipartForm (and
// r.FormValue); a body that could not be parsed leaves r.MultipartForm nil.
func readFormFile(w http.ResponseWriter, r *http.Request, u uploadField) (kampungkb.File, error) {
	var f kampungkb.File
	op := "unggah " + u.noun
	tooBig := func() error { return kampungkb.CheckUpload(u.name, kampungkb.File{Size: u.max + 1}, u.types, u.max) }
	r.Body = http.MaxBytesReader(w, r.Body, u.max+uploadOverhead)
	if err := r.ParseMultipartForm(u.max + uploadOverhead); err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return f, tooBig()
		}
		return f, &kampungkb.Error{Kind: kampungkb.Invalid, Op: op,
			Message: "Kirim " + u.noun + " sebagai formulir multipart/form-data dengan field \"" + u.name + "\".",
			Fields:  map[string]string{u.name: "Pilih " + u.noun + " yang akan diunggah."}}
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile(u.name)
	if err != nil {
		return f, &kampungkb.Error{Kind: kampungkb.Invalid, Op: op, Message: "Belum ada " + u.noun + " yang dipilih.",
			Fields: map[string]string{u.name: "Pilih " + u.noun + " " + typeList(u.types) + " yang akan diunggah."}}
	}
	defer file.Close()
	// Read one byte more than allowed, so that an oversize file is seen
	// as oversize without reading all of it.
	data, err := io.ReadAll(io.LimitReader(file, u.max+1))
	if err != nil {
		var big *http.MaxBytesError
		if errors.As(err, &big) {
			return f, tooBig()
		}
		return f, err
	}
	f.ContentType = sniffType(data)
	f.Name = safeFileName(hdr.Filename, f.ContentType)
	f.Data = data
	f.Size = int64(len(data))
	return f, nil
}

// sniffType returns the media type of data as http.DetectContentType
// sees it, without parameters ("text/html", not "text/html; charset=utf-8").
func sniffType(data []byte) string {
	ct := http.DetectContentType(data)
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return ct
}

// typeList names accepted types for people: "PDF, JPEG, PNG, WebP".
func typeList(types []string) string {
	var n []string
	for _, t := range types {
		switch t {
		case "application/pdf":
			n = append(n, "PDF")
		case "image/jpeg":
			n = append(n, "JPEG")
		case "image/png":
			n = append(n, "PNG")
		case "image/webp":
			n = append(n, "WebP")
		}
	}
	return strings.Join(n, "/")
}

// fileExts are the extensions a stored file's name gets for its sniffed
// type, so that a saved copy opens with the right program.
var fileExts = map[string][]string{
	"application/pdf": {".pdf"},
	"image/jpeg":      {".jpg", ".jpeg"},
	"image/png":       {".png"},
	"image/webp":      {".webp"},
}

// safeFileName returns the base name of a client's file name without
// directories, control characters or quotes, at most 120 characters,
// ending in an extension that matches contentType.
func safeFileName(name, contentType string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '"' || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if rs := []rune(name); len(rs) > 120 {
		name = string(rs[:120])
	}
	if name == "" {
		name = "dokumen"
	}
	if exts, ok := fileExts[contentType]; ok {
		ext := strings.ToLower(path.Ext(name))
		match := false
		for _, e := range exts {
			match = match || ext == e
		}
		if !match {
			name += exts[0]
		}
	}
	return name
}

func (s *Server) fileDownload(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, s.htmlError)
}

func (s *Server) apiFile(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, s.apiFail)
}

// fileInScope returns nil when the actor may see the record file id
// belongs to (an agreement's document, an activity's or a Kampung KB's
// photo), and otherwise the answer to a missing file, word for word. A
// file that belongs to no record is for actors who see everything.
func (s *Server) fileInScope(r *http.Request, id int64) error {
	entity, owner, err := s.db.FileOwner(r.Context(), id)
	if err != nil {
		return err
	}
	missing := &kampungkb.Error{Kind: kampungkb.NotFound, Message: "Berkas " + strconv.FormatInt(id, 10) + " tidak ditemukan."}
	if entity == "" {
		if scopeOf(r).Unrestricted() {
			return nil
		}
		return missing
	}
	if err := s.inScope(r, entity, owner); err != nil {
		if kampungkb.ErrorKind(err) == kampungkb.NotFound {
			return missing
		}
		return err
	}
	return nil
}

// serveFile writes a stored file with its sniffed type. PDFs and images
// open in the browser (inline); anything else is a download. The ETag is
// the file's SHA-256, so a cached copy is revalidated cheaply.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, fail func(http.ResponseWriter, *http.Request, error)) {
	id, err := pathID(r, "id")
	if err == nil {
		err = s.fileInScope(r, id)
	}
	if err != nil {
		fail(w, r, err)
		return
	}
	f, err := s.db.File(r.Context(), id)
	if err != nil {
		fail(w, r, err)
		return
	}
	disposition := "attachment"
	if f.ContentType == "application/pdf" || strings.HasPrefix(f.ContentType, "image/") {
		disposition = "inline"
	}
	name := safeFileName(f.Name, f.ContentType)
	cd := mime.FormatMediaType(disposition, map[string]string{"filename": name})
	if cd == "" {
		cd = disposition
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Content-Disposition", cd)
	h.Set("Cache-Control", "private, no-cache")
	if f.SHA256 != "" {
		h.Set("ETag", `"`+f.SHA256+`"`)
	}
	http.ServeContent(w, r, "", f.CreatedAt, bytes.NewReader(f.Data))
}
