package kampungkb

// Code is one value of a code list: a stable lower-case code stored in the
// database and exchanged in files, its Indonesian label, and where it has
// one, the id the official portal uses for it (for later export).
type Code struct {
	Code   string `json:"code"`
	Label  string `json:"label"`
	Portal int    `json:"portal_id,omitempty"`
}

// CodeList is a named, ordered list of codes.
type CodeList struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Items []Code `json:"items"`
}

// Has reports whether code is in the list.
func (l CodeList) Has(code string) bool {
	for _, c := range l.Items {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Label returns the label of code, or the code itself when unknown.
func (l CodeList) Label(code string) string {
	for _, c := range l.Items {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Labels returns the labels of codes, in the list's order.
func (l CodeList) Labels(codes []string) []string {
	var out []string
	for _, c := range l.Items {
		for _, x := range codes {
			if x == c.Code {
				out = append(out, c.Label)
				break
			}
		}
	}
	return out
}

// Codes returns the codes of the list.
func (l CodeList) Codes() []string {
	out := make([]string, len(l.Items))
	for i, c := range l.Items {
		out[i] = c.Code
	}
	return out
}

// checkCodes adds a problem for field when any of codes is not in list.
func checkCodes(p *Problems, field string, list CodeList, codes []string) {
	seen := map[string]bool{}
	for _, c := range codes {
		if !list.Has(c) {
			p.Add(field, "Pilihan tidak dikenal: "+c+".")
			return
		}
		if seen[c] {
			p.Add(field, "Pilihan "+c+" disebut dua kali.")
			return
		}
		seen[c] = true
	}
}

// Coverage is what part of a village a Kampung KB covers (portal field
// cakupan_wilayah, domain.md §3.1).
var Coverages = CodeList{Name: "coverage", Title: "Cakupan wilayah", Items: []Code{
	{Code: "rw", Label: "RW"},
	{Code: "dusun", Label: "Dusun"},
	{Code: "desa", Label: "Desa/Kelurahan"},
}}

// Criteria are the location criteria of a Kampung KB (portal new_kriteria,
// domain.md §1.3); a Kampung KB may tick several.
var Criteria = CodeList{Name: "criteria", Title: "Kriteria lokasi", Items: []Code{
	{Code: "kb_rendah", Label: "Peserta KB lebih rendah dari rata-rata desa", Portal: 1},
	{Code: "miskin_tinggi", Label: "Jumlah penduduk miskin tinggi", Portal: 2},
	{Code: "terpencil", Label: "Wilayah terpencil, perbatasan, dsb.", Portal: 3},
	{Code: "lainnya", Label: "Lainnya", Portal: 4},
}}

// AreaTypes are the area types of the "kriteria wilayah" (domain.md §1.3,
// 2016 guidance and Perban BKKBN 20/2023; NTB adds tertinggal).
var AreaTypes = CodeList{Name: "area", Title: "Kriteria wilayah", Items: []Code{
	{Code: "kumuh", Label: "Kumuh"},
	{Code: "pesisir", Label: "Pesisir/nelayan"},
	{Code: "das", Label: "Daerah aliran sungai (DAS)"},
	{Code: "bantaran_ka", Label: "Bantaran kereta api"},
	{Code: "miskin", Label: "Kawasan miskin (termasuk miskin perkotaan)"},
	{Code: "terpencil", Label: "Terpencil"},
	{Code: "perbatasan", Label: "Perbatasan"},
	{Code: "industri", Label: "Kawasan industri"},
	{Code: "wisata", Label: "Kawasan wisata"},
	{Code: "padat", Label: "Padat penduduk"},
	{Code: "tertinggal", Label: "Tertinggal"},
}}

// Functions are the 8 family functions of PP 87/2014 plus Lainnya: the Pokja
// sections and the activity categories (domain.md §1.4). Portal ids follow
// the portal's KategoriSeeder.
var Functions = CodeList{Name: "category", Title: "Fungsi keluarga", Items: []Code{
	{Code: "keagamaan", Label: "Keagamaan", Portal: 1},
	{Code: "sosial_budaya", Label: "Sosial Budaya", Portal: 7},
	{Code: "cinta_kasih", Label: "Cinta Kasih", Portal: 6},
	{Code: "perlindungan", Label: "Perlindungan", Portal: 5},
	{Code: "reproduksi", Label: "Reproduksi", Portal: 3},
	{Code: "pendidikan", Label: "Sosialisasi dan Pendidikan", Portal: 2},
	{Code: "ekonomi", Label: "Ekonomi", Portal: 4},
	{Code: "lingkungan", Label: "Pembinaan Lingkungan", Portal: 8},
	{Code: "lainnya", Label: "Lainnya", Portal: 9},
}}

// Programs are the groups (poktan) and facilities (sarana) present in a
// Kampung KB (portal profil_program, domain.md §1.5).
var Programs = CodeList{Name: "program", Title: "Poktan dan sarana", Items: []Code{
	{Code: "bkb", Label: "BKB (Bina Keluarga Balita)", Portal: 1},
	{Code: "bkr", Label: "BKR (Bina Keluarga Remaja)", Portal: 2},
	{Code: "bkl", Label: "BKL (Bina Keluarga Lansia)", Portal: 3},
	{Code: "uppka", Label: "UPPKA (Usaha Peningkatan Pendapatan Keluarga Akseptor)", Portal: 4},
	{Code: "pikr", Label: "PIK R (Pusat Informasi dan Konseling Remaja)", Portal: 5},
	{Code: "sekretariat", Label: "Sekretariat Kampung KB (sarana)", Portal: 6},
	{Code: "rumah_dataku", Label: "Rumah DataKu (sarana)", Portal: 7},
	{Code: "pelayanan_kb", Label: "Pelayanan KB-KR", Portal: 8},
	{Code: "kependudukan", Label: "Kependudukan", Portal: 9},
	{Code: "sektor_lain", Label: "Sektor lain", Portal: 10},
}}

// IsFacility reports whether a program code is a facility (sarana) rather
// than a group (poktan), domain.md §1.5.
func IsFacility(code string) bool { return code == "sekretariat" || code == "rumah_dataku" }

// FundingSources are the funding sources of a Kampung KB (domain.md §1.6).
var FundingSources = CodeList{Name: "funding", Title: "Sumber dana", Items: []Code{
	{Code: "apbn", Label: "APBN", Portal: 1},
	{Code: "apbd", Label: "APBD", Portal: 2},
	{Code: "dana_desa", Label: "Dana Desa", Portal: 3},
	{Code: "hibah", Label: "Donasi/Hibah Masyarakat", Portal: 4},
	{Code: "csr", Label: "Perusahaan (CSR)", Portal: 5},
	{Code: "swadaya", Label: "Swadaya Masyarakat", Portal: 6},
}}

// Mechanisms are the operational mechanisms, each with a frequency
// (domain.md §1.7).
var Mechanisms = CodeList{Name: "mechanism", Title: "Mekanisme operasional", Items: []Code{
	{Code: "rapat_perencanaan", Label: "Rapat perencanaan kegiatan", Portal: 1},
	{Code: "rapat_koordinasi", Label: "Rapat koordinasi dengan dinas/instansi terkait", Portal: 2},
	{Code: "sosialisasi", Label: "Sosialisasi kegiatan", Portal: 3},
	{Code: "monev", Label: "Monitoring dan evaluasi kegiatan", Portal: 4},
	{Code: "laporan", Label: "Penyusunan laporan", Portal: 5},
}}

// Frequencies are how often a mechanism runs (domain.md §1.7).
var Frequencies = CodeList{Name: "frequency", Title: "Frekuensi", Items: []Code{
	{Code: "mingguan", Label: "Mingguan", Portal: 1},
	{Code: "bulanan", Label: "Bulanan", Portal: 2},
	{Code: "triwulan", Label: "Triwulan", Portal: 5},
	{Code: "semesteran", Label: "Semesteran", Portal: 4},
	{Code: "tahunan", Label: "Tahunan", Portal: 3},
	{Code: "lainnya", Label: "Lainnya", Portal: 6},
}}

// DataUses are the kinds of data used for planning (domain.md §1.8).
var DataUses = CodeList{Name: "data_use", Title: "Penggunaan data", Items: []Code{
	{Code: "pk", Label: "PK dan Pemutakhiran Data", Portal: 1},
	{Code: "rutin_bkkbn", Label: "Data Rutin BKKBN", Portal: 2},
	{Code: "potensi_desa", Label: "Potensi Desa", Portal: 3},
	{Code: "sektoral", Label: "Data Sektoral", Portal: 4},
	{Code: "lainnya", Label: "Lainnya", Portal: 5},
}}

// Regulations are the regulations backing a Kampung KB (domain.md §1.9).
var Regulations = CodeList{Name: "regulation", Title: "Regulasi", Items: []Code{
	{Code: "gubernur", Label: "SK/Instruksi/Surat Edaran Gubernur", Portal: 1},
	{Code: "bupati", Label: "SK/Instruksi/SE Bupati/Walikota", Portal: 2},
	{Code: "kecamatan", Label: "SK Kecamatan tentang Kampung KB", Portal: 3},
	{Code: "desa", Label: "SK Kepala Desa/Lurah tentang Kampung KB", Portal: 4},
}}

// Guides are who guides a Kampung KB when no PKB/PLKB is assigned
// (domain.md §1.10).
var Guides = CodeList{Name: "guide", Title: "Pengarah bila tidak ada PKB/PLKB", Items: []Code{
	{Code: "kader", Label: "Kader", Portal: 1},
	{Code: "rt_rw", Label: "Ketua RT/RW", Portal: 2},
	{Code: "perangkat_desa", Label: "Perangkat Desa/Kelurahan", Portal: 3},
	{Code: "pkk", Label: "PKK", Portal: 4},
	{Code: "toga_toma", Label: "Toga/Toma", Portal: 5},
	{Code: "opdkb", Label: "OPDKB Kab/Kota", Portal: 6},
	{Code: "perwakilan_bkkbn", Label: "Perwakilan BKKBN Prov", Portal: 7},
	{Code: "plkb_non_pns", Label: "PLKB Non PNS", Portal: 8},
	{Code: "lainnya", Label: "Lainnya", Portal: 9},
}}

// TargetGroups are the target groups (sasaran) of an activity: the portal's
// list plus the stunting groups (domain.md §1.11).
var TargetGroups = CodeList{Name: "target", Title: "Sasaran", Items: []Code{
	{Code: "seluruh_penduduk", Label: "Seluruh Penduduk", Portal: 1},
	{Code: "pus", Label: "PUS", Portal: 2},
	{Code: "remaja", Label: "Remaja", Portal: 3},
	{Code: "lansia", Label: "Lansia", Portal: 4},
	{Code: "balita", Label: "Balita", Portal: 5},
	{Code: "keluarga_balita", Label: "Keluarga yang memiliki Balita", Portal: 6},
	{Code: "keluarga_remaja", Label: "Keluarga yang memiliki Remaja", Portal: 7},
	{Code: "keluarga_lansia", Label: "Keluarga yang memiliki Lansia", Portal: 8},
	{Code: "catin", Label: "Calon pengantin (catin)"},
	{Code: "ibu_hamil", Label: "Ibu hamil"},
	{Code: "ibu_nifas", Label: "Ibu pasca persalinan/nifas"},
	{Code: "baduta", Label: "Baduta (0–23 bulan)"},
	{Code: "balita_24_59", Label: "Balita (24–59 bulan)"},
	{Code: "remaja_putri", Label: "Remaja putri"},
	{Code: "lainnya", Label: "Lainnya", Portal: 9},
}}

// Institutions is the portal's list of 37 participating institutions
// (instansi, domain.md §1.12); the code is the portal id.
var Institutions = CodeList{Name: "institution", Title: "Instansi (daftar portal)", Items: []Code{
	{Code: "1", Label: "Dinas Perhubungan", Portal: 1},
	{Code: "2", Label: "Dinas Kelautan dan Perikanan", Portal: 2},
	{Code: "3", Label: "Dinas Pariwisata", Portal: 3},
	{Code: "4", Label: "Dinas ESDM", Portal: 4},
	{Code: "5", Label: "Dinas Dukcapil", Portal: 5},
	{Code: "6", Label: "TNI–POLRI", Portal: 6},
	{Code: "7", Label: "Kanwil Kemenkumham", Portal: 7},
	{Code: "8", Label: "Dinas Kominfo", Portal: 8},
	{Code: "9", Label: "BUMN dan BUMD", Portal: 9},
	{Code: "10", Label: "Dinas Koperasi", Portal: 10},
	{Code: "11", Label: "Dinas Perindustrian", Portal: 11},
	{Code: "12", Label: "Dinas Perdagangan", Portal: 12},
	{Code: "13", Label: "Dinas Pertanian", Portal: 13},
	{Code: "14", Label: "Dinas Ketenagakerjaan", Portal: 14},
	{Code: "15", Label: "Dinas PUPR", Portal: 15},
	{Code: "16", Label: "Dinas Kehutanan dan Lingkungan Hidup", Portal: 16},
	{Code: "17", Label: "Dinas Bina Marga dan Penataan Ruang", Portal: 17},
	{Code: "18", Label: "Kanwil Kementerian Agama", Portal: 18},
	{Code: "19", Label: "Dinas Kesehatan", Portal: 19},
	{Code: "20", Label: "Dinas Sosial", Portal: 20},
	{Code: "21", Label: "Dinas PP dan PA", Portal: 21},
	{Code: "22", Label: "Dinas Pendidikan", Portal: 22},
	{Code: "23", Label: "Dinas Pemuda dan Olahraga", Portal: 23},
	{Code: "24", Label: "Dinas Pemberdayaan Masyarakat Desa", Portal: 24},
	{Code: "25", Label: "Pemerintah Daerah", Portal: 25},
	{Code: "26", Label: "OPD Pengendalian Penduduk dan KB", Portal: 26},
	{Code: "27", Label: "Pemerintahan Desa/Lurah", Portal: 27},
	{Code: "28", Label: "Lembaga Pendidikan", Portal: 28},
	{Code: "29", Label: "Swasta/Perusahaan", Portal: 29},
	{Code: "30", Label: "Puskesmas", Portal: 30},
	{Code: "31", Label: "Rumah Sakit/Klinik", Portal: 31},
	{Code: "32", Label: "Komponen Masyarakat Kampung KB", Portal: 32},
	{Code: "33", Label: "BPS", Portal: 33},
	{Code: "34", Label: "Perwakilan BKKBN", Portal: 34},
	{Code: "35", Label: "Dinas Ketahanan Pangan", Portal: 35},
	{Code: "36", Label: "Dinas Peternakan dan Kesehatan Hewan", Portal: 36},
	{Code: "37", Label: "Lainnya", Portal: 37},
}}

// OwnProgramInstitutions are the portal institutions that are the programme's
// own agencies (OPD-KB 26, Perwakilan BKKBN 34), excluded when counting
// cross-sector (lintas sektor) participation (domain.md §1.12, §2.6).
var OwnProgramInstitutions = []string{"26", "34"}

// PartnerCategories are the partner categories of domain.md §7.2. Portal is
// the default portal institution for export; a partner may override it.
var PartnerCategories = CodeList{Name: "partner_category", Title: "Kategori mitra", Items: []Code{
	{Code: "pemerintah_pusat", Label: "Pemerintah pusat / K/L dan instansi vertikal", Portal: 37},
	{Code: "opd", Label: "Pemerintah daerah / OPD", Portal: 25},
	{Code: "opd_kb_bkkbn", Label: "OPD-KB dan BKKBN (program sendiri)", Portal: 26},
	{Code: "pemerintah_desa", Label: "Pemerintah desa", Portal: 27},
	{Code: "tni_polri", Label: "TNI / Polri", Portal: 6},
	{Code: "bumn_bumd", Label: "BUMN / BUMD (CSR/TJSL)", Portal: 9},
	{Code: "swasta", Label: "Swasta (CSR)", Portal: 29},
	{Code: "ormas_keagamaan", Label: "Ormas keagamaan", Portal: 32},
	{Code: "perguruan_tinggi", Label: "Perguruan tinggi", Portal: 28},
	{Code: "lsm", Label: "LSM / filantropi", Portal: 37},
	{Code: "media", Label: "Media", Portal: 37},
	{Code: "komunitas", Label: "Komunitas / individu", Portal: 32},
	{Code: "organisasi_profesi", Label: "Organisasi profesi", Portal: 37},
}}

// AgreementTypes are the agreement instruments (domain.md §7.1).
var AgreementTypes = CodeList{Name: "agreement_type", Title: "Jenis perjanjian", Items: []Code{
	{Code: "mou", Label: "MoU / Nota Kesepahaman"},
	{Code: "pks", Label: "PKS (Perjanjian Kerja Sama)"},
	{Code: "kesepahaman_bersama", Label: "Kesepahaman Bersama"},
}}

// PartyKinds are the kinds of parties to an agreement: partners and the
// government side (issue 2, domain.md §4 and §7.1).
var PartyKinds = CodeList{Name: "party_kind", Title: "Jenis pihak", Items: []Code{
	{Code: "mitra", Label: "Mitra"},
	{Code: "bkkbn", Label: "BKKBN / Perwakilan BKKBN"},
	{Code: "opd_kb", Label: "OPD-KB (Dinas PPKB/DP3AKB)"},
	{Code: "pemda", Label: "Pemerintah daerah"},
	{Code: "desa", Label: "Pemerintah desa/kelurahan"},
	{Code: "kampung", Label: "Kampung KB"},
}}

// ProgramAreas are the programme areas an agreement's scope may name besides
// the 8 family functions (domain.md §3.3 Inpres 3/2022 targets, §6, §7.3).
var ProgramAreas = CodeList{Name: "program_area", Title: "Bidang program", Items: []Code{
	{Code: "kb_kr", Label: "KB dan kesehatan reproduksi"},
	{Code: "stunting", Label: "Percepatan penurunan stunting"},
	{Code: "pembangunan_keluarga", Label: "Pembangunan keluarga (BKB, BKR, BKL, PIK R)"},
	{Code: "pemberdayaan_ekonomi", Label: "Pemberdayaan ekonomi keluarga (UPPKA)"},
	{Code: "data_adminduk", Label: "Data keluarga dan administrasi kependudukan"},
	{Code: "kie_advokasi", Label: "KIE, advokasi dan penggerakan"},
	{Code: "pendidikan", Label: "Pendidikan"},
	{Code: "lingkungan", Label: "Lingkungan dan sanitasi"},
	{Code: "perlindungan_sosial", Label: "Perlindungan sosial"},
}}

// ActivityTypes are the types of activities (issue 2).
var ActivityTypes = CodeList{Name: "activity_type", Title: "Jenis kegiatan", Items: []Code{
	{Code: "pelatihan", Label: "Pelatihan"},
	{Code: "penyuluhan", Label: "Penyuluhan/sosialisasi"},
	{Code: "pelayanan_kb", Label: "Pelayanan KB"},
	{Code: "posyandu", Label: "Posyandu"},
	{Code: "bantuan", Label: "Bantuan"},
	{Code: "rapat", Label: "Rapat/koordinasi"},
	{Code: "lainnya", Label: "Lainnya"},
}}

// PhotoTags tag activity photos like the portal's post types (domain.md §3.5).
var PhotoTags = CodeList{Name: "photo_tag", Title: "Jenis foto", Items: []Code{
	{Code: "kegiatan", Label: "Kegiatan"},
	{Code: "sebelum", Label: "Sebelum"},
	{Code: "sesudah", Label: "Sesudah"},
}}

// ContributionKinds are the kinds of partner contributions (domain.md §7.4).
var ContributionKinds = CodeList{Name: "contribution_kind", Title: "Jenis kontribusi", Items: []Code{
	{Code: "uang", Label: "Uang"},
	{Code: "barang", Label: "Barang"},
	{Code: "jasa", Label: "Jasa"},
	{Code: "tenaga", Label: "Tenaga"},
}}

// Sexes are the sexes recorded for people (formats.md).
var Sexes = CodeList{Name: "sex", Title: "Jenis kelamin", Items: []Code{
	{Code: "l", Label: "Laki-laki"},
	{Code: "p", Label: "Perempuan"},
}}

// AllCodeLists returns every code list, for the API and documentation.
func AllCodeLists() []CodeList {
	return []CodeList{Coverages, Criteria, AreaTypes, Functions, Programs, FundingSources, Mechanisms,
		Frequencies, DataUses, Regulations, Guides, TargetGroups, Institutions, PartnerCategories,
		AgreementTypes, PartyKinds, ProgramAreas, ActivityTypes, PhotoTags, ContributionKinds, Sexes, Roles, Positions,
		WaterSources, Toilets, Relations, MaritalStatuses, KBMethods, KBReasons}
}
