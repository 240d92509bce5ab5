package kampungkb

// The audit trail records who did what, when, from where, and the record
// before and after every change (issue "Audit trail"; UU 27/2022 on
// personal data asks that access to personal data be accountable). These
// code lists name its actions and entities; the codes are stored, so they
// never change.

// AuditActions are the actions of audit entries.
var AuditActions = CodeList{Name: "audit_action", Title: "Tindakan", Items: []Code{
	{Code: "create", Label: "Tambah"},
	{Code: "update", Label: "Ubah"},
	{Code: "delete", Label: "Hapus"},
	{Code: "archive", Label: "Arsipkan"},
	{Code: "unarchive", Label: "Pulihkan dari arsip"},
	{Code: "import", Label: "Impor"},
	{Code: "export", Label: "Unduh data"},
	{Code: "view_personal", Label: "Lihat data pribadi"},
	{Code: "login", Label: "Masuk"},
	{Code: "login_failed", Label: "Gagal masuk"},
	{Code: "logout", Label: "Keluar"},
	{Code: "password_change", Label: "Ganti kata sandi"},
	{Code: "password_reset", Label: "Atur ulang kata sandi"},
	{Code: "revoke", Label: "Cabut token"},
}}

// AuditEntities are the kinds of record audit entries are about. Exports
// name the list they downloaded (the file name's stem) instead.
var AuditEntities = CodeList{Name: "audit_entity", Title: "Data", Items: []Code{
	{Code: "partner", Label: "Mitra"},
	{Code: "kampung", Label: "Kampung KB"},
	{Code: "kampung_profile", Label: "Profil Kampung KB"},
	{Code: "agreement", Label: "Perjanjian"},
	{Code: "agreement_document", Label: "Dokumen perjanjian"},
	{Code: "activity", Label: "Kegiatan"},
	{Code: "activity_photo", Label: "Foto kegiatan"},
	{Code: "contribution", Label: "Kontribusi"},
	{Code: "family", Label: "Keluarga"},
	{Code: "member", Label: "Anggota keluarga"},
	{Code: "child", Label: "Anak"},
	{Code: "measurement", Label: "Pengukuran"},
	{Code: "region", Label: "Wilayah"},
	{Code: "user", Label: "Pengguna"},
	{Code: "token", Label: "Token akses"},
	// Lists downloaded (action export).
	{Code: "mitra", Label: "Daftar mitra"},
	{Code: "kampung_kb", Label: "Daftar Kampung KB"},
	{Code: "perjanjian", Label: "Daftar perjanjian"},
	{Code: "kegiatan", Label: "Daftar kegiatan"},
	{Code: "kontribusi", Label: "Daftar kontribusi"},
	{Code: "cakupan-wilayah", Label: "Cakupan per wilayah"},
	{Code: "belum-terjangkau", Label: "Kampung KB belum terjangkau"},
	{Code: "matriks-mitra", Label: "Matriks mitra × Kampung KB"},
	{Code: "ringkasan-mitra", Label: "Ringkasan per mitra"},
	{Code: "audit", Label: "Jejak audit"},
	{Code: "indikator", Label: "Indikator program"},
}}

// auditPast holds the past participle of the actions that change a
// record, for one-line summaries ("Mitra "X" diubah").
var auditPast = map[string]string{
	"create":    "ditambahkan",
	"update":    "diubah",
	"delete":    "dihapus",
	"archive":   "diarsipkan",
	"unarchive": "dipulihkan dari arsip",
}

// AuditSummary returns the one-line summary of a change for people:
// `Mitra "Muslimat NW" diubah`.
func AuditSummary(action, entity, label string) string {
	past, ok := auditPast[action]
	if !ok {
		past = "(" + AuditActions.Label(action) + ")"
	}
	return AuditEntities.Label(entity) + ` "` + label + `" ` + past
}
