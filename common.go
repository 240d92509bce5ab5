package kampungkb

import (
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Ref is a reference to another record with its display name.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Meta holds the bookkeeping columns every main record has. Version
// increases on each update and guards against lost updates.
type Meta struct {
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	CreatedBy string    `json:"created_by"`
	UpdatedBy string    `json:"updated_by"`
}

// Filter selects and pages records of a list. Zero fields do not filter.
type Filter struct {
	Q           string // search in names/titles (case-insensitive)
	Region      string // dotted region code: that region and everything below
	Category    string // family function / partner category
	Type        string // activity type / agreement type / contribution kind
	PartnerID   int64
	KampungID   int64
	AgreementID int64
	ActivityID  int64
	Period      Period
	Archived    bool // include archived records
	Status      string
	// Dusun, RW and RT select families (and their members) by address.
	Dusun, RW, RT string
	Limit         int
	Offset        int
	// Scope restricts the records to what the acting user may see; the
	// web layer sets it from the actor (Actor.Scope), storage applies it.
	Scope Scope
}

// MaxPageSize is the largest page a list returns.
const MaxPageSize = 500

// Page normalises Limit and Offset: default 50, at most MaxPageSize.
func (f Filter) Page() (limit, offset int) {
	limit, offset = f.Limit, f.Offset
	if limit <= 0 {
		limit = 50
	}
	if limit > MaxPageSize {
		limit = MaxPageSize
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// Text length limits.
const (
	maxName = 200
	maxText = 20000
)

func requireText(p *Problems, field, value, label string, max int) {
	v := strings.TrimSpace(value)
	if v == "" {
		p.Add(field, label+" wajib diisi.")
		return
	}
	checkLen(p, field, value, max)
}

func checkLen(p *Problems, field, value string, max int) {
	if !utf8.ValidString(value) {
		p.Add(field, "Teks berisi karakter yang tidak valid.")
		return
	}
	if n := utf8.RuneCountInString(value); n > max {
		p.Add(field, "Terlalu panjang: paling banyak "+FormatInt(int64(max))+" karakter.")
	}
}

func checkEmail(p *Problems, field, v string) {
	if v == "" {
		return
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		p.Add(field, "Alamat email tidak valid.")
	}
}

var phoneRe = regexp.MustCompile(`^\+?[0-9][0-9 \-().]{5,24}$`)

func checkPhone(p *Problems, field, v string) {
	if v != "" && !phoneRe.MatchString(v) {
		p.Add(field, "Nomor telepon tidak valid (hanya angka, spasi, +, -).")
	}
}

var timeRe = regexp.MustCompile(`^([01][0-9]|2[0-3])[:.][0-5][0-9]$`)

// NormalizeTime returns a time of day as HH:MM (accepting 09.30 too).
func NormalizeTime(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", true
	}
	if len(s) == 4 && (s[1] == ':' || s[1] == '.') {
		s = "0" + s
	}
	if !timeRe.MatchString(s) {
		return s, false
	}
	return s[:2] + ":" + s[3:], true
}

// TrimAll trims spaces from every string in xs and drops empty ones.
func TrimAll(xs []string) []string {
	var out []string
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// Upload limits and types (issue 2: PDF/images, size-limited).
const (
	MaxDocumentSize = 10 << 20
	MaxPhotoSize    = 5 << 20
)

// DocumentTypes and PhotoTypes are the accepted content types, as sniffed
// from the file's bytes (never trusted from the client).
var (
	DocumentTypes = []string{"application/pdf", "image/jpeg", "image/png", "image/webp"}
	PhotoTypes    = []string{"image/jpeg", "image/png", "image/webp"}
)

// File is an uploaded file kept in the database, so that a copy of the
// database is a complete backup.
type File struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Data        []byte    `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	CreatedBy   string    `json:"created_by"`
}

// CheckUpload validates an upload's sniffed type and size against the
// accepted types and limit; field names the form field for the message.
func CheckUpload(field string, f File, types []string, max int64) error {
	var p Problems
	if f.Size == 0 {
		p.Add(field, "Berkas kosong.")
	} else if f.Size > max {
		p.Add(field, "Berkas terlalu besar: paling besar "+FormatInt(max>>20)+" MB.")
	} else {
		ok := false
		for _, t := range types {
			if t == f.ContentType {
				ok = true
			}
		}
		if !ok {
			p.Add(field, "Jenis berkas tidak diterima ("+f.ContentType+"). Unggah "+typeNames(types)+".")
		}
	}
	return p.Err("unggah berkas")
}

func typeNames(types []string) string {
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
	return strings.Join(n, ", ")
}
