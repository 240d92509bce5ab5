package indicator

import "fmt"

// Definition documents one indicator column for pages, CSV headers and the
// API: a short Indonesian definition, its numerator and denominator (empty
// for a plain count) and its source.
type Definition struct {
	Column      string `json:"column"`
	Title       string `json:"title"`
	Definition  string `json:"definition"`
	Numerator   string `json:"numerator"`
	Denominator string `json:"denominator,omitempty"`
	Source      string `json:"source"`
	RuleSet     string `json:"rule_set"`
}

// Definitions returns the definitions of the default rule set, in the
// order of Columns.
func Definitions() []Definition { return Default().Definitions() }

// Definitions returns the definitions of every column of Columns under rs,
// with its thresholds written in.
func (rs *RuleSet) Definitions() []Definition {
	t := rs.FourT
	pus := fmt.Sprintf("perempuan berstatus kawin umur %d–%d tahun", rs.PUS.MinAge, rs.PUS.MaxAge)
	child := fmt.Sprintf("anggota keluarga umur %d–%d bulan", rs.ChildMonths.Min, rs.ChildMonths.Max)
	tua := fmt.Sprintf("umur lebih dari %d tahun", t.TuaAboveAge)
	if t.TuaMaxAge != 0 {
		tua = fmt.Sprintf("umur lebih dari %d sampai %d tahun", t.TuaAboveAge, t.TuaMaxAge)
	}
	krsFactors := "air minum tidak layak, jamban tidak layak, atau salah satu 4 Terlalu"
	if rs.KRSExtra.PUSNotModern {
		krsFactors += ", atau PUS tidak ber-KB modern"
	}
	if len(rs.KRSExtra.PovertyDeciles) > 0 {
		krsFactors += fmt.Sprintf(", atau desil kesejahteraan %v", rs.KRSExtra.PovertyDeciles)
	}
	const (
		fm    = "formats.md \"Programme indicators\""
		src21 = "domain.md §2.1 (Metadata IKU BKKBN 2021)"
		src22 = "domain.md §1.13, §2.2"
		src23 = "domain.md §1.14, §2.3 (definisi operasional portal)"
		srcKR = "domain.md §1.18, §2.7 (kriteria KRS)"
		src28 = "domain.md §2.8 (4 Terlalu)"
		src10 = "domain.md §1.19, §2.10 (Permenkes 2/2020, WHO 2006)"
	)
	d := []Definition{
		{"families", "Keluarga", "Jumlah keluarga yang tercatat.", "keluarga", "", fm, ""},
		{"members", "Anggota keluarga", "Jumlah anggota keluarga yang lahir pada atau sebelum tanggal acuan.", "anggota keluarga", "", fm, ""},
		{"pus", "PUS", "Pasangan Usia Subur: " + pus + ".", "PUS", "", src21, ""},
		{"pus_kb", "PUS ber-KB", "PUS yang memakai metode kontrasepsi apa pun.", "PUS dengan metode KB", "", src22, ""},
		{"pus_kb_modern", "PUS ber-KB modern", fmt.Sprintf("PUS yang memakai metode modern (%v).", rs.ModernMethods), "PUS dengan metode modern", "", src22, ""},
		{"cpr_pct", "CPR (%)", "Persentase PUS yang ber-KB (semua metode).", "pus_kb", "pus", src22, ""},
		{"mcpr_pct", "mCPR (%)", "Persentase PUS yang ber-KB modern.", "pus_kb_modern", "pus", src22 + " (IKU mCPR)", ""},
		{"mkjp", "PUS ber-KB MKJP", fmt.Sprintf("PUS yang memakai metode kontrasepsi jangka panjang (%v).", rs.MKJPMethods), "PUS dengan MKJP", "", src22, ""},
		{"mkjp_pct", "MKJP (%)", "Persentase peserta KB yang memakai MKJP.", "mkjp", "pus_kb", src22 + " (PA MKJP)", ""},
		{"unmet_iat", "Unmet need IAT", "PUS tidak ber-KB karena ingin anak ditunda (IAT).", "PUS tanpa metode, alasan iat", "", src23, ""},
		{"unmet_tial", "Unmet need TIAL", "PUS tidak ber-KB padahal tidak ingin anak lagi (TIAL).", "PUS tanpa metode, alasan tial", "", src23, ""},
		{"unmet_pct", "Unmet need (%)", "Persentase PUS dengan kebutuhan ber-KB tidak terpenuhi (IAT + TIAL).", "unmet_iat + unmet_tial", "pus", src23, ""},
		{"early_marriage_19", "Kawin usia anak", fmt.Sprintf("Anggota keluarga (laki-laki atau perempuan) yang menikah pertama kali pada umur di bawah %d tahun.", rs.EarlyMarriageBelowAge), "anggota dengan marriage_age di bawah batas", "", "domain.md §2.9 (UU 16/2019)", ""},
		{"target_families", "Keluarga sasaran", "Keluarga yang memiliki PUS, anggota yang hamil, atau " + child + ".", "keluarga sasaran", "", srcKR, ""},
		{"krs", "Keluarga berisiko stunting", "Keluarga sasaran dengan paling sedikit satu faktor risiko: " + krsFactors + ". Data kosong bukan risiko.", "keluarga sasaran berisiko", "", srcKR, ""},
		{"krs_pct", "KRS (%)", "Persentase keluarga sasaran yang berisiko stunting.", "krs", "target_families", srcKR, ""},
		{"t_muda", "Terlalu muda", fmt.Sprintf("Keluarga dengan PUS berumur di bawah %d tahun.", t.MudaBelowAge), "keluarga", "", src28, ""},
		{"t_tua", "Terlalu tua", "Keluarga dengan PUS " + tua + ".", "keluarga", "", src28, ""},
		{"t_dekat", "Terlalu dekat", fmt.Sprintf("Keluarga dengan PUS yang melahirkan terakhir kurang dari %d bulan sebelum tanggal acuan.", t.DekatBelowMonths), "keluarga", "", src28, ""},
		{"t_banyak", "Terlalu banyak", fmt.Sprintf("Keluarga dengan PUS yang pernah melahirkan lebih dari %d anak. Keempat kolom 4T saling tumpang tindih; jangan dijumlahkan.", t.BanyakAboveChildren), "keluarga", "", src28, ""},
		{"children_0_59m", "Balita", "Jumlah " + child + " pada tanggal acuan.", "anak", "", fm, ""},
		{"measured_0_59m", "Balita terukur", fmt.Sprintf("Balita dengan pengukuran dalam %d bulan terakhir yang skor z PB/U atau TB/U-nya dapat dihitung dan tidak ditandai tidak wajar.", rs.Stunting.WindowMonths), "anak", "", src10, ""},
		{"stunted", "Balita stunting", fmt.Sprintf("Balita terukur dengan skor z PB/U atau TB/U (dibulatkan 2 desimal) di bawah %g SD pada pengukuran terakhir.", rs.Stunting.ZBelow), "anak", "", src10, ""},
		{"stunted_pct", "Stunting (%)", "Persentase balita terukur yang stunting. Data rutin posyandu, bukan survei.", "stunted", "measured_0_59m", src10 + "; §6.6", ""},
	}
	for i := range d {
		d[i].RuleSet = rs.Version
	}
	return d
}
