package kampungkb

import (
	"regexp"
	"strings"
	"time"
)

// Roles (formats.md "Command line", domain.md §4 and §11.6).
const (
	RoleAdmin          = "admin"
	RoleAdminProvinsi  = "admin_provinsi"
	RoleAdminKabupaten = "admin_kabupaten"
	RoleAdminKecamatan = "admin_kecamatan"
	RolePKB            = "pkb"
	RoleKader          = "kader"
	RoleTPK            = "tpk"
	RoleMitra          = "mitra"
	RoleViewer         = "viewer"
)

// Roles lists the roles with their Indonesian labels.
var Roles = CodeList{Name: "role", Title: "Peran", Items: []Code{
	{Code: RoleAdmin, Label: "Admin (seluruh sistem)"},
	{Code: RoleAdminProvinsi, Label: "Admin provinsi"},
	{Code: RoleAdminKabupaten, Label: "Admin kabupaten/kota"},
	{Code: RoleAdminKecamatan, Label: "Admin kecamatan"},
	{Code: RolePKB, Label: "PKB/PLKB (penyuluh KB)"},
	{Code: RoleKader, Label: "Kader / Pokja"},
	{Code: RoleTPK, Label: "Anggota TPK (Tim Pendamping Keluarga)"},
	{Code: RoleMitra, Label: "Pengguna mitra"},
	{Code: RoleViewer, Label: "Pemantau (hanya data agregat)"},
}}

// roleLevel is the region level a role's home region must have; 0 means
// any level or none (admin: none).
var roleLevel = map[string]Level{
	RoleAdminProvinsi: Provinsi, RoleAdminKabupaten: Kabupaten, RoleAdminKecamatan: Kecamatan,
	RolePKB: Kecamatan, RoleKader: Desa, RoleTPK: Desa,
}

// User is an account. Region is the home region: the region an admin of a
// level manages, the kecamatan a PKB views, the desa of a kader or TPK
// member, the region a viewer sees ("" = all). Capture lists the desa a
// PKB enters data for. PartnerID ties a partner user to its organisation.
type User struct {
	ID                 int64     `json:"id"`
	Username           string    `json:"username"`
	Name               string    `json:"name"`
	Role               string    `json:"role"`
	Region             string    `json:"region,omitempty"`
	Capture            []string  `json:"capture,omitempty"`
	PartnerID          int64     `json:"partner_id,omitempty"`
	MustChangePassword bool      `json:"must_change_password"`
	Disabled           bool      `json:"disabled"`
	LastLoginAt        time.Time `json:"last_login_at,omitempty"`

	// Read-only, filled by storage.
	RegionName  string `json:"region_name,omitempty"`
	PartnerName string `json:"partner_name,omitempty"`
	Meta
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)

// Validate checks the account's fields and the region its role needs.
func (u *User) Validate() error {
	var p Problems
	u.Username = strings.ToLower(strings.TrimSpace(u.Username))
	if !usernameRe.MatchString(u.Username) {
		p.Add("username", "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.")
	}
	checkLen(&p, "name", u.Name, maxName)
	if !Roles.Has(u.Role) {
		p.Add("role", "Pilih peran.")
	}
	if u.Region != "" {
		code, _, ok := NormalizeRegionCode(u.Region)
		if !ok {
			p.Add("region", "Kode wilayah tidak valid.")
		}
		u.Region = code
	}
	if lv, ok := roleLevel[u.Role]; ok {
		if u.Region == "" {
			p.Add("region", "Peran ini perlu wilayah "+lv.Label()+".")
		} else if RegionLevel(u.Region) != lv {
			p.Add("region", "Peran ini perlu kode "+lv.Label()+", bukan "+RegionLevel(u.Region).Label()+".")
		}
	}
	if u.Role == RoleAdmin && u.Region != "" {
		p.Add("region", "Admin seluruh sistem tidak dibatasi wilayah; kosongkan.")
	}
	for i, c := range u.Capture {
		code, lv, ok := NormalizeRegionCode(c)
		if !ok || lv != Desa {
			p.Add("capture", "Wilayah input harus desa/kelurahan: "+c+".")
			continue
		}
		u.Capture[i] = code
		if u.Region != "" && !InRegion(code, u.Region) {
			p.Add("capture", "Desa "+code+" di luar wilayah pengguna ("+u.Region+").")
		}
	}
	if u.Role == RolePKB && len(u.Capture) == 0 {
		p.Add("capture", "Sebutkan desa binaan PKB (paling sedikit satu).")
	}
	if u.Role != RolePKB && len(u.Capture) > 0 {
		p.Add("capture", "Desa binaan hanya untuk PKB/PLKB.")
	}
	if u.Role == RoleMitra && u.PartnerID <= 0 {
		p.Add("partner_id", "Pengguna mitra harus terhubung ke organisasi mitra.")
	}
	if u.Role != RoleMitra && u.PartnerID != 0 {
		p.Add("partner_id", "Hanya pengguna mitra yang terhubung ke organisasi mitra.")
	}
	return p.Err("pengguna")
}

// Actor returns the acting identity of the account with its scopes
// (DHIS2-style: a capture scope and a view scope on the region tree).
func (u User) Actor() Actor {
	a := Actor{ID: u.ID, Username: u.Username, Name: u.Name, Role: u.Role, ViewRegion: u.Region, PartnerID: u.PartnerID}
	switch u.Role {
	case RoleAdmin, RoleAdminProvinsi, RoleAdminKabupaten, RoleAdminKecamatan, RoleKader, RoleTPK:
		if u.Region != "" || u.Role == RoleAdmin {
			a.CaptureRegions = []string{u.Region}
		}
	case RolePKB:
		a.CaptureRegions = append([]string(nil), u.Capture...)
	}
	return a
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// CheckPassword says what is wrong with a new password, "" when it is fine.
func CheckPassword(username, password string) string {
	switch {
	case len([]rune(password)) < MinPasswordLength:
		return "Kata sandi paling sedikit 10 karakter."
	case len(password) > 200:
		return "Kata sandi terlalu panjang."
	case strings.Contains(strings.ToLower(password), strings.ToLower(username)) && username != "":
		return "Kata sandi tidak boleh memuat nama pengguna."
	}
	return ""
}
