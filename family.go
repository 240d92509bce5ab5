package kampungkb

// Family data, PK-style (formats.md "Family data", domain.md §5.2): one
// record per family and per member. Code lists are lower-case as listed in
// formats.md; an empty field means unknown.

// WaterSources are the drinking-water sources (formats.md families.csv);
// DecentWater are the decent ones of the default rule set (domain.md §1.18).
var WaterSources = CodeList{Name: "water_source", Title: "Sumber air minum", Items: []Code{
	{Code: "kemasan", Label: "Air kemasan/isi ulang"},
	{Code: "ledeng", Label: "Ledeng/PAM"},
	{Code: "sumur_bor", Label: "Sumur bor/pompa"},
	{Code: "sumur_terlindungi", Label: "Sumur terlindungi"},
	{Code: "sumur_tak_terlindungi", Label: "Sumur tak terlindungi"},
	{Code: "mata_air_terlindungi", Label: "Mata air terlindungi"},
	{Code: "mata_air_tak_terlindungi", Label: "Mata air tak terlindungi"},
	{Code: "air_hujan", Label: "Air hujan"},
	{Code: "air_permukaan", Label: "Air permukaan (sungai, danau)"},
	{Code: "lainnya", Label: "Lainnya"},
}}

// Toilets are the toilet facilities (formats.md families.csv).
var Toilets = CodeList{Name: "toilet", Title: "Jamban", Items: []Code{
	{Code: "sendiri_septik", Label: "Milik sendiri dengan septik"},
	{Code: "bersama_septik", Label: "Bersama dengan septik"},
	{Code: "tanpa_septik", Label: "Tanpa septik"},
	{Code: "tidak_ada", Label: "Tidak ada"},
}}

// Relations are a member's relation to the head of the family.
var Relations = CodeList{Name: "relation", Title: "Hubungan dengan kepala keluarga", Items: []Code{
	{Code: "kepala", Label: "Kepala keluarga"},
	{Code: "istri", Label: "Istri"},
	{Code: "suami", Label: "Suami"},
	{Code: "anak", Label: "Anak"},
	{Code: "menantu", Label: "Menantu"},
	{Code: "cucu", Label: "Cucu"},
	{Code: "orang_tua", Label: "Orang tua"},
	{Code: "mertua", Label: "Mertua"},
	{Code: "famili_lain", Label: "Famili lain"},
	{Code: "lainnya", Label: "Lainnya"},
}}

// MaritalStatuses are the marital statuses.
var MaritalStatuses = CodeList{Name: "marital_status", Title: "Status kawin", Items: []Code{
	{Code: "belum_kawin", Label: "Belum kawin"},
	{Code: "kawin", Label: "Kawin"},
	{Code: "cerai_hidup", Label: "Cerai hidup"},
	{Code: "cerai_mati", Label: "Cerai mati"},
}}

// KBMethods are the current contraceptive methods (domain.md §1.13).
var KBMethods = CodeList{Name: "kb_method", Title: "Metode KB", Items: []Code{
	{Code: "iud", Label: "IUD/AKDR"},
	{Code: "mow", Label: "MOW (tubektomi)"},
	{Code: "mop", Label: "MOP (vasektomi)"},
	{Code: "implan", Label: "Implan"},
	{Code: "suntik", Label: "Suntik"},
	{Code: "pil", Label: "Pil"},
	{Code: "kondom", Label: "Kondom"},
	{Code: "mal", Label: "MAL (amenore laktasi)"},
	{Code: "tradisional", Label: "Tradisional"},
}}

// KBReasons are why a PUS uses no method (domain.md §1.14).
var KBReasons = CodeList{Name: "kb_reason", Title: "Alasan tidak ber-KB", Items: []Code{
	{Code: "hamil", Label: "Sedang hamil"},
	{Code: "ias", Label: "Ingin anak segera (IAS)"},
	{Code: "iat", Label: "Ingin anak ditunda (IAT)"},
	{Code: "tial", Label: "Tidak ingin anak lagi (TIAL)"},
}}

// Family is one family (Kartu Keluarga unit). FamilyID is the key chosen
// by the data source (formats.md), NoKK the 16-digit number when known.
type Family struct {
	ID            int64    `json:"id"`
	FamilyID      string   `json:"family_id"`
	NoKK          string   `json:"no_kk,omitempty"`
	VillageCode   string   `json:"village_code"`
	Dusun         string   `json:"dusun,omitempty"`
	RW            string   `json:"rw,omitempty"`
	RT            string   `json:"rt,omitempty"`
	Address       string   `json:"address,omitempty"`
	WaterSource   string   `json:"water_source,omitempty"`
	Toilet        string   `json:"toilet,omitempty"`
	WelfareDecile int      `json:"welfare_decile,omitempty"` // 1–10, 0 unknown
	Members       []Member `json:"members,omitempty"`
	Meta
}

// Member is a member of a family; (FamilyID, MemberNo) is its key. NIK is
// never a key: members without NIK exist (domain.md §11.1).
type Member struct {
	ID            int64  `json:"id"`
	FamilyID      string `json:"family_id"`
	MemberNo      int    `json:"member_no"`
	NIK           string `json:"nik,omitempty"`
	Name          string `json:"name"`
	Sex           string `json:"sex"` // l or p
	BirthDate     Date   `json:"birth_date"`
	Relation      string `json:"relation,omitempty"`
	MaritalStatus string `json:"marital_status,omitempty"`
	MarriageAge   *int   `json:"marriage_age,omitempty"`
	Pregnant      *bool  `json:"pregnant,omitempty"`
	ChildrenBorn  *int   `json:"children_born,omitempty"`
	LastBirthDate Date   `json:"last_birth_date"`
	KBMethod      string `json:"kb_method,omitempty"`
	KBReason      string `json:"kb_reason,omitempty"`
}

// AgeOn returns the age in completed years on date d (formats.md
// "Programme indicators": ages are in completed years on --at).
func AgeOn(birth, d Date) int {
	if birth.IsZero() || d.Before(birth) {
		return -1
	}
	y := d.Year() - birth.Year()
	if d.Month() < birth.Month() || (d.Month() == birth.Month() && d.Day() < birth.Day()) {
		y--
	}
	return y
}

// MonthsOn returns the age in completed calendar months on d.
func MonthsOn(birth, d Date) int {
	if birth.IsZero() || d.Before(birth) {
		return -1
	}
	m := (d.Year()-birth.Year())*12 + int(d.Month()) - int(birth.Month())
	if d.Day() < birth.Day() {
		m--
	}
	return m
}
